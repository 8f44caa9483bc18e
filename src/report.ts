// What the step hands back: outputs (set as soon as each is known), and the job summary.
import * as core from '@actions/core';
import type { Executor } from './hub/client.js';
import { addSecret, scrub } from './log.js';
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

/** The step's outputs; with `write` false (one executor of several), only collected for the `executors` output. */
export class Outputs {
  readonly values: Partial<Record<OutputName, string>> = {};
  constructor(private readonly write = true) {}

  set(name: OutputName, value: string | undefined): void {
    if (value === undefined || value === '') return;
    if (name === 'secret') addSecret(value);
    const safe = name === 'secret' ? value : name === 'executors' ? scrubAllButSecrets(value) : scrub(value);
    this.values[name] = safe;
    if (this.write) core.setOutput(name, safe);
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

/** The `executors` output scrubbed, but for the `secret` of each entry: where several executors' secrets are handed over. */
function scrubAllButSecrets(value: string): string {
  const scrubbed = (v: unknown): unknown => {
    try {
      return JSON.parse(scrub(JSON.stringify(v)));
    } catch {
      return '***';
    }
  };
  const entries = JSON.parse(value) as Array<Record<string, unknown>>;
  return JSON.stringify(entries.map((entry) => Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, k === 'secret' || v === undefined ? v : scrubbed(v)]))));
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

export interface SummaryFacts {
  mode: 'push' | 'status';
  outcome: 'succeeded' | 'failed' | 'pending' | 'refused' | 'skipped' | 'dry-run';
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

export async function writeSummary(facts: SummaryFacts): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const s = core.summary;
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
  if (facts.reason) s.addRaw(`<p><strong>Why:</strong> ${escapeHtml(scrub(facts.reason))}</p>`, true);
  if (facts.lfsPointers?.length) s.addRaw(`<p><strong>Warning:</strong> ${escapeHtml(scrub(lfsLine(facts.lfsPointers)))}</p>`, true);

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
  await s.write();
}

/** Several executors: one row each, in the order of their paths. */
export async function writeSummaries(list: SummaryFacts[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  if (list.length === 1) return writeSummary(list[0] as SummaryFacts);
  const s = core.summary;
  const failed = list.filter((f) => f.outcome === 'failed' || f.outcome === 'refused').length;
  s.addHeading(`${list.length} executors: ${failed ? `${failed} failed` : 'all done'}`, 2);
  const rows = [...list].sort((a, b) => Buffer.compare(Buffer.from(a.path ?? ''), Buffer.from(b.path ?? '')));
  s.addRaw(
    htmlTable(
      ['Path', 'Executor', 'Status', 'Tags', 'Task ID', 'GPU build', 'Use it', 'Why'],
      rows.map((f) => [
        f.path ?? '',
        f.executor?.name ?? f.name ?? '?',
        f.outcome,
        f.executor?.commit?.tags?.join(', ') ?? '',
        f.taskId ?? '',
        gpuCell(f),
        (f.outcome === 'succeeded' || f.outcome === 'skipped') && f.executor ? (usageUri(f.executor) ?? '') : '',
        [f.reason, f.lfsPointers?.length ? lfsLine(f.lfsPointers) : undefined].filter(Boolean).join(' '),
      ]),
    ),
    true,
  );
  await s.write();
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
