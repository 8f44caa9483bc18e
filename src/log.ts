// Everything the action prints goes through here, under two rules:
// - Secrets: each known secret is masked for the runner, and replaced by *** in every line (as it is,
//   line by line, JSON-escaped, URL-encoded and base64), whatever path the text took to get here.
// - Untrusted text: every line printed is treated as text the action did not write itself (a build
//   log line, a Hub message, a folder name), so it can never act as a workflow command. The runner
//   takes a line as a command when, after leading white space, it starts with `::`, or when it holds
//   `##[` anywhere; a zero-width space (not white space to the runner) breaks both, and the line
//   reads the same. The action's own commands (masks, groups, annotations) are issued by
//   @actions/core, never through info().
import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from '@actions/core';
import { secretForms } from './secret-forms.js';

/** When several executors are published at once, each one's lines carry its name. */
const prefixes = new AsyncLocalStorage<string>();

/** Runs `fn` with every line it prints prefixed by `[name] `, and without log groups (they would interleave). */
export function withPrefix<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return prefixes.run(`[${name}] `, fn);
}

/** What a secret is: a credential (token, build-env value) may appear in no output; an executor secret only in `secret` and `executors`. */
export type SecretKind = 'credential' | 'executor-secret';

interface Secret {
  kind: SecretKind;
  /** What it is, for sentences that must say which secret without showing it (e.g. "build-env KEY"). */
  label: string;
}

const secrets = new Map<string, Secret>();
/** Every form of every secret, the longest first: what scrub() replaces. */
let forms: string[] = [];
/** Each form, and the secret it comes from. */
const formOwner = new Map<string, string>();

/** Registers a secret: the runner masks it, and every line printed from here on has it scrubbed. */
export function addSecret(value: string | undefined, kind: SecretKind = 'credential', label = kind === 'credential' ? 'a credential' : 'the executor secret'): void {
  if (!value) return;
  const known = secrets.get(value);
  if (known) {
    if (kind === 'executor-secret') secrets.set(value, { kind, label }); // the Hub's own secret for the executor
    return;
  }
  secrets.set(value, { kind, label });
  for (const form of secretForms(value)) if (!formOwner.has(form)) formOwner.set(form, value);
  forms = [...formOwner.keys()].sort((a, b) => b.length - a.length);
  core.setSecret(value);
}

/** Registers every string found under a key named `secret` in an answer from the Hub (a few levels deep). */
export function addSecretsIn(value: unknown, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (typeof inner === 'string' && /^secret$/i.test(key)) addSecret(inner, 'executor-secret');
    else addSecretsIn(inner, depth + 1);
  }
}

/** `text` with every form of every known secret replaced by ***. */
export function scrub(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('***');
  return out;
}

/**
 * The secret `text` holds in any form (its label), or undefined. With `allowExecutorSecrets`, an
 * executor secret does not count (the `executors` output hands them over).
 */
export function secretIn(text: string, allowExecutorSecrets = false): string | undefined {
  for (const form of forms) {
    if (!text.includes(form)) continue;
    const secret = secrets.get(formOwner.get(form) as string) as Secret;
    if (allowExecutorSecrets && secret.kind === 'executor-secret') continue;
    return secret.label;
  }
  return undefined;
}

/** At most `max` characters of `text`, scrubbed BEFORE it is cut (a cut secret is no longer found), with "..." when cut. */
export function cut(text: string, max: number): string {
  const clean = scrub(text);
  if (clean.length <= max) return clean;
  let end = Math.max(0, max);
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return `${clean.slice(0, end)}...`;
}

const ZERO_WIDTH_SPACE = '\u200b';
/** Leading white space, as the runner trims it (and more: JavaScript's \s also takes U+FEFF). */
const LEADING_COMMAND = /^[\s\u0085]*::/u;

/** One line that cannot act as a workflow command: a leading `::` and every `##[` broken by a zero-width space. */
export function neutralizeLine(line: string): string {
  let out = line.split('##[').join(`##${ZERO_WIDTH_SPACE}[`);
  if (LEADING_COMMAND.test(out)) out = ZERO_WIDTH_SPACE + out;
  return out;
}

/** Text split into the lines the runner would see (\n, \r\n and \r each end one). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Text from anywhere, as lines safe to print: secrets scrubbed, each line prefixed (several executors) and neutralized. */
export function safeLines(text: string): string[] {
  const prefix = prefixes.getStore() ?? '';
  return linesOf(scrub(text)).map((line) => neutralizeLine(prefix + line));
}

/** Text from anywhere as one value for a workflow command's data (an annotation, a group title): lines kept, each safe. */
function safeData(text: string): string {
  return safeLines(text).join('\n');
}

/** Annotations are cut by the runner at 4,096 characters: ours stay under it, and say so when cut. */
export const MAX_ANNOTATION = 4000;
const ANNOTATION_CUT_NOTE = ' [cut: the full text is in the step log]';

/** Safe text at most `max` characters long: cut (after scrubbing) with a note when longer. */
function bounded(safe: string, max: number, note = ANNOTATION_CUT_NOTE): string {
  return safe.length > max ? `${cut(safe, max - note.length - 3)}${note}` : safe;
}

export function info(text: string): void {
  for (const line of safeLines(text)) core.info(line);
}

export function debug(text: string): void {
  for (const line of safeLines(text)) core.debug(line);
}

/** An annotation's title and file are text from anywhere too. */
function safeProps(props: core.AnnotationProperties | undefined): core.AnnotationProperties | undefined {
  if (!props) return props;
  const out: core.AnnotationProperties = { ...props };
  if (props.title !== undefined) out.title = bounded(safeData(props.title).replace(/\n/g, ' '), 200, '');
  if (props.file !== undefined) out.file = scrub(props.file);
  return out;
}

/** An annotation's message: safe, and under the runner's limit; a longer one is also printed whole in the log. */
function annotationMessage(text: string): string {
  const safe = safeData(text);
  if (safe.length > MAX_ANNOTATION) info(text);
  return bounded(safe, MAX_ANNOTATION);
}

export function warning(text: string, props?: core.AnnotationProperties): void {
  core.warning(annotationMessage(text), safeProps(props));
}

export function error(text: string, props?: core.AnnotationProperties): void {
  core.error(annotationMessage(text), safeProps(props));
}

/** Ends the step as failed with `text`: printed after any open log group is closed, so it is never folded away. */
export function fail(text: string): void {
  closeOpenGroup();
  // The step's own failure: no executor prefix.
  const safe = linesOf(scrub(text)).map(neutralizeLine).join('\n');
  if (safe.length > MAX_ANNOTATION) for (const line of linesOf(safe)) core.info(line);
  core.setFailed(bounded(safe, MAX_ANNOTATION));
}

/** The group open now (groups do not nest in the runner's log), and a way to tell whether it is still ours to close. */
let openGroup: symbol | undefined;

function closeOpenGroup(): void {
  if (openGroup === undefined) return;
  openGroup = undefined;
  core.endGroup();
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(title: string, fn: () => Promise<T>): Promise<T> {
  if (prefixes.getStore()) {
    info(title);
    return fn();
  }
  closeOpenGroup();
  const mine = Symbol(title);
  core.startGroup(bounded(safeData(title).replace(/\n/g, ' '), 500, ''));
  openGroup = mine;
  try {
    return await fn();
  } finally {
    if (openGroup === mine) closeOpenGroup();
  }
}

const DRAIN_WAIT_MS = 60_000;

/**
 * Resolves once stdout has room again (it is not over its high-water mark), so that a loop printing a
 * flood of lines waits for the reader instead of queueing them in memory. Bounded: it also resolves
 * when stdout closes or fails, and after a minute at most.
 */
export function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean } = process.stdout): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, DRAIN_WAIT_MS);
    timer.unref?.();
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
