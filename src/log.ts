// Everything the action prints goes through here: each known secret is masked for the runner and
// replaced by *** in every line, whatever path the text took to get here.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from '@actions/core';

/** When several executors are published at once, each one's lines carry its name. */
const prefixes = new AsyncLocalStorage<string>();

/** Runs `fn` with every line it prints prefixed by `[name] `, and without log groups (they would interleave). */
export function withPrefix<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return prefixes.run(`[${name}] `, fn);
}

function prefixed(text: string): string {
  const prefix = prefixes.getStore();
  return prefix ? `${prefix}${text}` : text;
}

const secrets = new Set<string>();
let ordered: string[] = [];

/** Registers a secret: the runner masks it, and every line printed from here on has it scrubbed. */
export function addSecret(value: string | undefined): void {
  if (!value || secrets.has(value)) return;
  secrets.add(value);
  ordered = [...secrets].sort((a, b) => b.length - a.length);
  core.setSecret(value);
}

/** Registers every string found under a key named `secret` in an answer from the Hub (a few levels deep). */
export function addSecretsIn(value: unknown, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (typeof inner === 'string' && /^secret$/i.test(key)) addSecret(inner);
    else addSecretsIn(inner, depth + 1);
  }
}

export function scrub(text: string): string {
  let out = text;
  for (const secret of ordered) out = out.split(secret).join('***');
  return out;
}

export function info(text: string): void {
  core.info(scrub(prefixed(text)));
}

export function debug(text: string): void {
  core.debug(scrub(prefixed(text)));
}

export function warning(text: string, props?: core.AnnotationProperties): void {
  core.warning(scrub(prefixed(text)), props);
}

export function error(text: string): void {
  core.error(scrub(prefixed(text)));
}

export function fail(text: string): void {
  core.setFailed(scrub(text));
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(title: string, fn: () => Promise<T>): Promise<T> {
  if (prefixes.getStore()) {
    info(title);
    return fn();
  }
  core.startGroup(scrub(title));
  try {
    return await fn();
  } finally {
    core.endGroup();
  }
}
