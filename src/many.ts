// Publishing what `path` names: its folders and globs resolved, narrowed by changed-only, tags from
// git when none are given; then each executor published, `parallel` at once, one failure not
// stopping the others, with one result each in the `executors` output and the job summary.
import path from 'node:path';
import { baseCommitOf, changedFolders } from './changes.js';
import { checkDistinctNames, resolveFolders } from './folders.js';
import type { PushRequest } from './inputs.js';
import * as log from './log.js';
import { settle, type RunContext } from './context.js';
import { readGitContext, tagsFromGit, type GitContext } from './release.js';
import { newFacts, Outputs, type SummaryFacts } from './report.js';

/** Some of several executors failed; each said why above. */
export class SomeFailed extends Error {}

/** Which folders, with which tags; then each one published, `parallel` at once, one failure not stopping the others. */
export async function publishAll(
  ctx: RunContext,
  request: PushRequest,
  env: NodeJS.ProcessEnv,
  summaries: SummaryFacts[],
  publishOne: (ctx: RunContext, job: PushRequest) => Promise<void>,
  /** Records in the facts why a push failed (refused, failed, pending). */
  recordFailure: (facts: SummaryFacts, err: unknown) => void,
): Promise<void> {
  const git = readGitContext(env);
  let job = request;
  const fromGit = job.tags.length === 0 ? tagsFromGit(git) : undefined;
  if (fromGit) {
    job = { ...job, tags: fromGit.tags };
    log.info(`tags ${fromGit.tags.join(', ')}, ${fromGit.why}`);
  }
  const cwd = process.cwd();
  let folders = await resolveFolders(ctx.request.paths, cwd);
  if (job.changedOnly) folders = await onlyChanged(folders, git, cwd);

  if (folders.length === 0) {
    settle(ctx, 'skipped');
    ctx.outputs.set('executors', '[]');
    ctx.facts.reason = 'no executor folder changed since the base commit: nothing to publish';
    log.info(ctx.facts.reason);
    return;
  }
  if (folders.length === 1) {
    const folder = folders[0] as string;
    try {
      await publishOne(ctx, { ...job, folder });
    } catch (err) {
      recordFailure(ctx.facts, err);
      throw err;
    } finally {
      ctx.facts.gpu = { taskId: ctx.outputs.values['gpu-task-id'], status: ctx.outputs.values['gpu-status'] };
      ctx.outputs.set('executors', JSON.stringify([executorResult(folder, cwd, ctx.outputs, ctx.facts)]));
    }
    return;
  }

  await checkDistinctNames(folders, cwd, job.forceUpdate !== undefined && job.secret !== undefined ? job.forceUpdate : undefined);
  log.info(`publishing ${folders.length} executors, ${Math.min(job.parallel, folders.length)} at once: ${folders.map((f) => label(f, cwd)).join(', ')}`);
  const results = await mapLimit(folders, job.parallel, async (folder) => {
    const one: RunContext = {
      ...ctx,
      outputs: new Outputs(false),
      facts: { ...newFacts(), path: label(folder, cwd) },
      secretGoesTo: 'its entry of the executors output',
    };
    let failed = false;
    await log
      .withPrefix(label(folder, cwd), async () => {
        try {
          await publishOne(one, { ...job, folder });
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          failed = true;
          recordFailure(one.facts, err);
          log.error(one.facts.reason ?? '');
        }
      });
    one.facts.gpu = { taskId: one.outputs.values['gpu-task-id'], status: one.outputs.values['gpu-status'] };
    summaries.push(one.facts);
    return { folder, failed, result: executorResult(folder, cwd, one.outputs, one.facts) };
  });
  ctx.outputs.set('executors', JSON.stringify(results.map((r) => r.result)));
  const failures = results.filter((r) => r.failed);
  if (failures.length > 0) {
    throw new SomeFailed(`${failures.length} of ${results.length} executors failed: ${failures.map((r) => label(r.folder, cwd)).join(', ')} (the reasons are above)`);
  }
  log.info(`all ${results.length} executors done`);
}

/** changed-only: the folders with changes since the event's base commit (every folder when there is none). */
async function onlyChanged(folders: string[], git: GitContext, cwd: string): Promise<string[]> {
  const base = baseCommitOf(git);
  if (!base) {
    log.info('changed-only: this run has no base commit to compare with (a new branch, a tag or a manual run): every folder is published');
    return folders;
  }
  const changed = await changedFolders(folders, base, { cwd });
  log.info(`changed-only: ${changed.length} of ${folders.length} folders changed since ${base.slice(0, 12)}${changed.length ? `: ${changed.map((f) => label(f, cwd)).join(', ')}` : ''}`);
  return changed;
}

function label(folder: string, cwd: string): string {
  return path.relative(cwd, folder) || '.';
}

/** One entry of the `executors` output. */
function executorResult(folder: string, cwd: string, outputs: Outputs, facts: SummaryFacts): Record<string, unknown> {
  const v = outputs.values;
  return {
    path: label(folder, cwd),
    name: v.name ?? facts.name,
    status: v.status ?? facts.outcome,
    'task-id': v['task-id'],
    id: v.id,
    tags: v.tags ? (JSON.parse(v.tags) as string[]) : undefined,
    uri: v.uri,
    md5: v.md5,
    // An executor published without a token: its secret, shown once by the Hub (masked in the log).
    secret: v.secret,
    'package-path': v['package-path'],
    'gpu-task-id': v['gpu-task-id'],
    'gpu-status': v['gpu-status'],
    // A message, scrubbed like any text the step shows (the exact values above are checked, never scrubbed).
    error: (facts.outcome === 'failed' || facts.outcome === 'refused' || facts.outcome === 'pending') && facts.reason ? log.scrub(facts.reason) : undefined,
  };
}

/** Runs `fn` on every item, at most `limit` at once; results in the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
