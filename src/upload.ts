// One upload to the Hub: the method and form the contract gives, sent with progress, cancellation and retries.
import { performance } from 'node:perf_hooks';
import { settle, type RunContext } from './context.js';
import { pyBool, type Executor, type RetryNotice, type Upload, type UploadMethod } from './hub/client.js';
import type { HubApi } from './hub/generation.js';
import { InputError, type PushRequest } from './inputs.js';
import * as log from './log.js';
import { timed } from './phases.js';
import { rate, Ticker, uploadingLine } from './progress.js';
import { formatBytes, formatSeconds } from './report.js';
import { BuildFailed } from './failure.js';
import { BuildTimeout, HubError } from './hub/errors.js';
import { LogTail } from './follow.js';
import type { PushTask } from './push-task.js';

/** The Hub method an upload goes to, and the `id` it names (none for createAsync and create). */
export interface UploadTarget {
  method: UploadMethod;
  id?: string;
}

/** The sentence for a push without a token to a Hub of the push generation, said before anything is packed or uploaded. */
export const NEEDS_LOGIN =
  'this Hub speaks the push generation of the Hub API, where every push needs a login: create a token with `jina auth token create`, ' +
  'store it as a repository secret such as JINA_AUTH_TOKEN and give it to the action as token: ${{ secrets.JINA_AUTH_TOKEN }} ' +
  '(or as env JINA_AUTH_TOKEN); nothing was uploaded.';

/**
 * The method, as the contract gives it per generation. Push generation: executor.update with
 * force-update and a secret, else executor.push with the folder's name (a token is needed). Async
 * generation: with a token, updateAsync naming force-update or the executor the token's owner already
 * has (`existingId`), else createAsync; without a token, update or create.
 */
export function targetFor(api: HubApi, job: PushRequest, name: string, hasToken: boolean, existingId?: string): UploadTarget {
  if (api === 'push') {
    if (job.forceUpdate !== undefined && job.secret) return { method: 'executor.update', id: job.forceUpdate };
    if (!hasToken) throw new InputError(NEEDS_LOGIN);
    return { method: 'executor.push', id: name };
  }
  if (hasToken) {
    const id = job.forceUpdate ?? existingId;
    return id !== undefined ? { method: 'executor.updateAsync', id } : { method: 'executor.createAsync' };
  }
  return job.forceUpdate !== undefined ? { method: 'executor.update', id: job.forceUpdate } : { method: 'executor.create' };
}

/** The form of an upload: fields exactly as the contract's table says for its method, the package last. */
export function uploadFor(
  job: PushRequest,
  name: string,
  pkg: { file: string; size: number; md5: string },
  target: UploadTarget,
  /** How executor.listAsyncTasks names the executor (`<owner>/<name>`), for a lost answer. */
  taskRef?: string,
): Upload {
  const { method } = target;
  const fields: Array<[string, string]> = [
    ['public', pyBool(job.visibility === 'public')],
    ['private', pyBool(job.visibility === 'private')],
    ['md5sum', pkg.md5],
  ];
  if (target.id !== undefined && method !== 'executor.createAsync' && method !== 'executor.create') fields.push(['id', target.id]);
  // The secret goes with an update only (push and the creates take none).
  if (job.secret && (method === 'executor.update' || method === 'executor.updateAsync')) fields.push(['secret', job.secret]);
  if (job.tags.length) fields.push(['tags', job.tags.join(',')]);
  if (job.protectedTags.length) fields.push(['immutableTags', job.protectedTags.join(',')]);
  if (Object.keys(job.buildEnv).length) fields.push(['buildEnv', JSON.stringify(job.buildEnv)]);
  if (job.dockerfile) fields.push(['dockerfile', job.dockerfile]);
  if (job.platform) fields.push(['platform', job.platform]);
  if (job.noCache) fields.push(['buildWithNoCache', 'True']);
  if (job.verbose) fields.push(['verbose', 'True']);
  return {
    method,
    fields,
    file: { path: pkg.file, size: pkg.size, filename: `${name}.zip`, contentType: 'application/zip' },
    context: { method, name, forceUpdate: job.forceUpdate, tags: [...job.tags, ...job.protectedTags] },
    buildTimeoutMs: job.timeoutMs,
    ...(taskRef !== undefined ? { taskRef } : {}),
  };
}

function logRetry(n: RetryNotice): void {
  log.info(`upload failed (${n.reason}); try ${n.attempt} of ${n.of} in ${formatSeconds(n.waitMs)}`);
}

/**
 * create, update and push: the Hub builds while it answers, so upload and build are one phase. For a
 * push with a token, `task` finds the build task the push made (set as the task-id output as soon as
 * the Hub lists it). The build is read for `timeout` at most (upload.buildTimeoutMs): then the step
 * ends with status pending, and the build goes on at the Hub.
 */
export async function uploadAndBuild(ctx: RunContext, upload: Upload, opts: { verbose: boolean; task?: PushTask }): Promise<Executor> {
  const tail = new LogTail(opts.verbose);
  let accepted = false;
  const streamEnded = new AbortController();
  let finding: Promise<void> | undefined;
  const onAccepted = () => {
    accepted = true;
    if (opts.task) {
      finding = opts.task.find(streamEnded.signal).then((id) => {
        if (id) taskKnown(ctx, id);
      });
    }
  };
  try {
    return await timed(ctx.facts, 'upload and build', () =>
      log.group(`Upload and build (${upload.method}, ${formatBytes(upload.file.size)})`, () =>
        ctx.client.pushSync(watched(ctx, upload), logRetry, {
          onAccepted,
          onLog: (e) => tail.add(e),
          onWarning: (m) => log.warning(`Hub: ${m}`),
        }),
      ),
    );
  } catch (err) {
    streamEnded.abort();
    // Cancelled: the step says where things stand (main.ts); the build goes on at the Hub.
    if (ctx.signal.aborted) throw err;
    await finding;
    const taskId = ctx.facts.taskId;
    tail.showOnFailure();
    if (err instanceof BuildTimeout) {
      // The build goes on at the Hub.
      settle(ctx, 'pending');
      throw taskId ? new BuildTimeout(`${err.message.replace(/ \(session [^)]*\)$/, '')}; look it up later with task-id: ${taskId} (session ${ctx.client.sessionId})`, err.details) : err;
    }
    if (accepted) ctx.outputs.set('status', 'failed');
    // The build itself failed (a Docker build error, or one the Hub gave no status): said as for a followed build.
    if (accepted && err instanceof HubError && err.details.hubMessage && (err.details.status === undefined || err.details.status === 50003)) {
      const where = `${taskId ? `task ID ${taskId}, ` : ''}session ${ctx.client.sessionId}`;
      throw new BuildFailed(`the build of ${upload.context.name ?? 'the executor'} failed: ${err.details.hubMessage} (${where})`);
    }
    throw unknownMethod(err, upload, ctx.client.sessionId);
  } finally {
    streamEnded.abort();
    await finding;
  }
}

/** A Hub without the upload's method (404 naming it): it speaks the other generation of the Hub API, so hub-api was pinned wrong. */
function unknownMethod(err: unknown, upload: Upload, sessionId: string): unknown {
  if (!(err instanceof HubError) || err.details.httpStatus !== 404 || !err.details.hubMessage?.includes(upload.method)) return err;
  const generation = upload.method === 'executor.push' ? 'push' : 'async';
  return new HubError(
    `the Hub does not have ${upload.method}, so it does not speak the ${generation} generation of the Hub API: set hub-api to auto, or to the generation it speaks (Hub: ${err.details.hubMessage}; session ${sessionId})`,
    { ...err.details },
  );
}

/** The build task is known: in the outputs and the summary at once. */
function taskKnown(ctx: RunContext, taskId: string): void {
  ctx.outputs.set('task-id', taskId);
  ctx.facts.taskId = taskId;
  log.info(`build task ${taskId} (session ${ctx.client.sessionId})`);
}

/** With a token: uploads, and sets the task ID (and what else the Hub answered) as soon as it is known. */
export async function uploadForBuild(ctx: RunContext, upload: Upload): Promise<string> {
  const { client, outputs, facts } = ctx;
  const { taskId, executor } = await timed(
    facts,
    'upload',
    () =>
      log.group(`Upload (${upload.method}, ${formatBytes(upload.file.size)})`, async () => {
        const answer = await client.pushAsync(watched(ctx, upload), logRetry).catch((err: unknown) => {
          throw unknownMethod(err, upload, client.sessionId);
        });
        log.info(`build task ${answer.taskId} (session ${client.sessionId})`);
        return answer;
      }),
    uploadDetail(upload),
  );
  outputs.set('task-id', taskId);
  facts.taskId = taskId;
  if (executor) {
    outputs.set('name', executor.name);
    outputs.set('id', executor.id);
    facts.id = executor.id;
  }
  return taskId;
}

/** The upload as sent: cancelled with the step, its progress in the log every few seconds with the rate and the time left. */
function watched(ctx: RunContext, upload: Upload): Upload {
  ctx.facts.stage = 'upload';
  const ticker = new Ticker();
  const start = performance.now();
  return {
    ...upload,
    signal: ctx.signal,
    onBodyProgress: (sent, total) => {
      if (sent < total && ticker.due()) log.info(uploadingLine(sent, total, performance.now() - start));
    },
  };
}

const uploadDetail = (upload: Upload) => (_: unknown, ms: number) => `${formatBytes(upload.file.size)} at ${rate(upload.file.size, ms)}`;
