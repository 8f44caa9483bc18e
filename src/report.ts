// What the step hands back: outputs (set as soon as each is known), and the job summary.
import * as core from '@actions/core';
import type { Executor } from './hub/client.js';
import { addSecret, cut, scrub, secretIn, warning } from './log.js';
import { lfsLine } from './package/lfs.js';

export type OutputName =
  | 'task-id'
  | 'name'
  | 'id'
  | 'secret'
  | 'visibility'
  | 'tags'
  | 'uri'
  | 'status'
  | 'md5'
  | 'package-path'
  | 'gpu-task-id'
  | 'gpu-status'
  | 'executors';

/** The secret the `executors` output holds outside the `secret` field of its entries (where executor secrets belong). */
function secretInExecutors(value: string): string | undefined {
  let entries: unknown;
  try {
    entries = JSON.parse(value);
  } catch {
    return secretIn(value);
  }
  if (!Array.isArray(entries)) return secretIn(value);
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') {
      const held = secretIn(JSON.stringify(entry));
      if (held) return held;
      continue;
    }
    for (const [key, field] of Object.entries(entry as Record<string, unknown>)) {
      const held = key === 'secret' && typeof field === 'string' ? secretIn(field, true) : secretIn(JSON.stringify(field) ?? '');
      if (held) return held;
    }
  }
  return undefined;
}

/** Output names already refused for holding a secret (each is said once). */
const refused = new Set<string>();

/**
 * The step's outputs; with `write` false (one executor of several), only collected for the `executors` output.
 * Outputs are exact: nothing is masked in them. An output other than `secret` that would hold a secret (in
 * any form) is not set, and the step says which output and which secret (never the value).
 */
export class Outputs {
  readonly values: Partial<Record<OutputName, string>> = {};
  constructor(private readonly write = true) {}

  set(name: OutputName, value: string | undefined): void {
    if (value === undefined || value === '') return;
    if (name === 'secret') addSecret(value, 'executor-secret');
    else {
      const held = name === 'executors' ? secretInExecutors(value) : secretIn(value);
      if (held !== undefined) {
        if (!refused.has(name)) {
          refused.add(name);
          warning(`the ${name} output is left unset: its value would show ${held}, which is masked as a secret.`, { title: 'Output not set' });
        }
        return;
      }
    }
    this.values[name] = value;
    if (this.write) core.setOutput(name, value);
  }

  /** Everything the Hub said about the published executor. */
  setExecutor(executor: Executor): void {
    if (executor.secret) this.set('secret', executor.secret);
    this.set('name', executor.name);
    this.set('id', executor.id);
    this.set('visibility', executor.visibility);
    const tags = executor.commit?.tags;
    if (Array.isArray(tags)) this.set('tags', JSON.stringify(tags));
    const uri = usageUri(executor);
    if (uri) this.set('uri', uri);
  }
}

/**
 * The URI people pull the executor with, using the first tag of the published version.
 * With an owner: jinaai+docker://OWNER/NAME:TAG; else the legacy jinahub+docker://NAME/TAG.
 * The form that holds a secret is never built.
 */
export function usageUri(executor: Executor, scheme: 'docker' | 'source' | 'sandbox' = 'docker'): string | undefined {
  if (!executor.name) return undefined;
  const tag = executor.commit?.tags?.[0] ?? 'latest';
  const suffix = scheme === 'docker' ? '+docker' : scheme === 'sandbox' ? '+sandbox' : '';
  const owner = executor.owner?.name;
  if (owner && !executor.secret) return `jinaai${suffix}://${owner}/${executor.name}:${tag}`;
  return `jinahub${suffix}://${executor.name}/${tag}`;
}

/** What the `status` output says; the summary's outcome is the same value, or `refused` for an input refused. */
export type StepStatus = 'succeeded' | 'failed' | 'pending' | 'skipped' | 'dry-run';

export interface SummaryFacts {
  mode: 'push' | 'status';
  outcome: StepStatus | 'refused';
  executor?: Executor;
  name?: string;
  /** The executor's ID, when the Hub gave it before the build ended. */
  id?: string;
  taskId?: string;
  visibility?: string;
  packageSize?: number;
  md5?: string;
  files?: number;
  phases: Array<[phase: string, ms: number]>;
  buildEnvNames: string[];
  reason?: string;
  /** How far the push got: the upload started, or a build exists. */
  stage?: 'upload' | 'build';
  /** The executor's folder as `path` gave it (several executors: the summary's rows go in this order). */
  path?: string;
  /** The GPU variant's build, when there is one. */
  gpu?: { taskId?: string; status?: string };
  /** Package entries that are Git LFS pointers instead of their content. */
  lfsPointers?: string[];
}

/** The facts of a run that has not got anywhere yet. */
export function newFacts(mode: SummaryFacts['mode'] = 'push'): SummaryFacts {
  return { mode, outcome: 'failed', phases: [], buildEnvNames: [] };
}

/** The runner drops a job summary over 1 MiB whole: ours stays well under it. */
export const MAX_SUMMARY_BYTES = 900 * 1024;
/** A reason longer than this is cut in the summary (the log has it whole). */
export const MAX_SUMMARY_REASON = 2000;
const REASON_CUT_NOTE = ' (cut: the whole reason is in the step log)';

/** A reason as the summary shows it: scrubbed, and cut with a note when long. */
function summaryReason(reason: string, max = MAX_SUMMARY_REASON): string {
  const clean = scrub(reason);
  return clean.length > max ? `${cut(clean, max)}${REASON_CUT_NOTE}` : clean;
}

export async function writeSummary(facts: SummaryFacts): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const s = core.summary.emptyBuffer();
  const name = facts.executor?.name ?? facts.name ?? 'executor';
  const verb = facts.mode === 'push' ? 'Published' : 'Build of';
  const title =
    facts.outcome === 'succeeded'
      ? `${verb} ${name} on the Executor Hub`
      : facts.outcome === 'pending'
        ? `${name}: build still running on the Executor Hub`
        : facts.outcome === 'skipped'
          ? `${name}: already published with this package, nothing uploaded`
          : facts.outcome === 'dry-run'
            ? `${name}: checked and packed (dry run), nothing uploaded`
            : `${name}: publish failed`;
  s.addHeading(scrub(title), 2);
  if (facts.reason) s.addRaw(`<p><strong>Why:</strong> ${escapeHtml(summaryReason(facts.reason))}</p>`, true);
  if (facts.lfsPointers?.length) s.addRaw(`<p><strong>Warning:</strong> ${escapeHtml(summaryReason(lfsLine(facts.lfsPointers)))}</p>`, true);

  const rows: Array<[string, string]> = [];
  const add = (k: string, v: string | undefined) => v !== undefined && v !== '' && rows.push([k, v]);
  add('Name', facts.executor?.name ?? facts.name);
  add('ID', facts.executor?.id ?? facts.id);
  add('Visibility', facts.executor?.visibility ?? facts.visibility);
  add('Tags', facts.executor?.commit?.tags?.join(', '));
  add('Task ID', facts.taskId);
  add('Status', facts.outcome);
  add('GPU build', gpuCell(facts));
  if (facts.packageSize !== undefined) {
    add('Package', `${formatBytes(facts.packageSize)}${facts.files !== undefined ? `, ${facts.files} files` : ''}, md5 ${facts.md5 ?? ''}`);
  }
  for (const [phase, ms] of facts.phases) add(`Time: ${phase}`, formatSeconds(ms));
  s.addTable([
    [
      { data: 'What', header: true },
      { data: 'Value', header: true },
    ],
    ...rows.map(([k, v]) => [escapeHtml(k), escapeHtml(scrub(v))]),
  ]);

  const uri = (facts.outcome === 'succeeded' || facts.outcome === 'skipped') && facts.executor ? usageUri(facts.executor) : undefined;
  if (uri) {
    s.addHeading('Use it', 3);
    s.addCodeBlock(scrub(`jtype: Flow\nexecutors:\n  - uses: ${uri}`), 'yaml');
    s.addCodeBlock(scrub(`from jina import Flow\n\nf = Flow().add(uses='${uri}')`), 'python');
    const source = usageUri(facts.executor as Executor, 'source');
    if (source) s.addRaw(`<p>Without Docker, from source: <code>${escapeHtml(scrub(source))}</code></p>`, true);
  }
  if (uri && facts.buildEnvNames.length > 0) {
    s.addHeading('Build environment', 3);
    s.addRaw(
      `<p>Whoever pulls this executor from source must set these environment variables (their values are not shown): ${facts.buildEnvNames
        .map((n) => `<code>${escapeHtml(n)}</code>`)
        .join(', ')}</p>`,
      true,
    );
  }
  await writeBounded(s);
}

/** Writes the summary, or a short one saying why not if it would be too large for the runner. */
async function writeBounded(s: typeof core.summary): Promise<void> {
  if (Buffer.byteLength(s.stringify()) > MAX_SUMMARY_BYTES) {
    s.emptyBuffer().addRaw('<p>The summary of this step was too large for the runner (over 1 MiB): the step log has every detail.</p>', true);
  }
  await s.write();
}

/** Several executors: one row each, in the order of their paths, as many as fit under the runner's limit, and a note for the rest. */
export async function writeSummaries(list: SummaryFacts[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  if (list.length === 1) return writeSummary(list[0] as SummaryFacts);
  const s = core.summary.emptyBuffer();
  const failed = list.filter((f) => f.outcome === 'failed' || f.outcome === 'refused').length;
  s.addHeading(`${list.length} executors: ${failed ? `${failed} failed` : 'all done'}`, 2);
  // Each reason gets a fair share of the room, and rows stop before the limit.
  const reasonRoom = Math.max(200, Math.min(MAX_SUMMARY_REASON, Math.floor(MAX_SUMMARY_BYTES / 2 / list.length)));
  const sorted = [...list].sort((a, b) => Buffer.compare(Buffer.from(a.path ?? ''), Buffer.from(b.path ?? '')));
  const rows: string[][] = [];
  let bytes = Buffer.byteLength(s.stringify()) + 2048;
  for (const f of sorted) {
    const reason = [f.reason, f.lfsPointers?.length ? lfsLine(f.lfsPointers) : undefined].filter(Boolean).join(' ');
    const row = [
      f.path ?? '',
      f.executor?.name ?? f.name ?? '?',
      f.outcome,
      f.executor?.commit?.tags?.join(', ') ?? '',
      f.taskId ?? '',
      gpuCell(f),
      (f.outcome === 'succeeded' || f.outcome === 'skipped') && f.executor ? (usageUri(f.executor) ?? '') : '',
      reason ? summaryReason(reason, reasonRoom) : '',
    ].map((v) => cut(v, MAX_SUMMARY_REASON));
    const size = row.reduce((n, cell) => n + Buffer.byteLength(escapeHtml(cell)) + 10, 10);
    if (bytes + size > MAX_SUMMARY_BYTES) break;
    bytes += size;
    rows.push(row);
  }
  s.addRaw(htmlTable(['Path', 'Executor', 'Status', 'Tags', 'Task ID', 'GPU build', 'Use it', 'Why'], rows), true);
  if (rows.length < list.length) {
    s.addRaw(`<p>${list.length - rows.length} more executors are left out to keep this summary under the runner's 1 MiB limit: the executors output and the step log have them all.</p>`, true);
  }
  await writeBounded(s);
}

/** The GPU variant's build: its status and task, or '' when there is none. */
function gpuCell(facts: SummaryFacts): string {
  const gpu = facts.gpu;
  if (!gpu?.status && !gpu?.taskId) return '';
  return `${gpu.status ?? 'started'}${gpu.taskId ? `, task ${gpu.taskId}` : ''}`;
}

/** A table with every cell closed (core.summary.addTable leaves an empty cell open), each text scrubbed and escaped. */
export function htmlTable(header: string[], rows: string[][]): string {
  const cell = (tag: 'th' | 'td', text: string) => `<${tag}>${escapeHtml(scrub(text))}</${tag}>`;
  const tr = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
  return `<table>${tr(header.map((h) => cell('th', h)))}${rows.map((r) => tr(r.map((v) => cell('td', v)))).join('')}</table>`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
