// One upload to the Hub: the method and form the contract gives, sent with progress, cancellation and retries.
import { performance } from 'node:perf_hooks';
import type { RunContext } from './context.js';
import { pyBool, type Executor, type RetryNotice, type Upload } from './hub/client.js';
import type { PushRequest } from './inputs.js';
import * as log from './log.js';
import { timed } from './phases.js';
import { rate, Ticker, uploadingLine } from './progress.js';
import { formatBytes, formatSeconds } from './report.js';
import { LogTail } from './follow.js';

/** Which Hub method, and the form fields in the contract's order. */
export function uploadFor(job: PushRequest, name: string, pkg: { file: string; size: number; md5: string }, hasToken: boolean): Upload {
  const method = hasToken
    ? job.forceUpdate !== undefined
      ? 'executor.updateAsync'
      : 'executor.createAsync'
    : job.forceUpdate !== undefined
      ? 'executor.update'
      : 'executor.create';
  const fields: Array<[string, string]> = [
    ['public', pyBool(job.visibility === 'public')],
    ['private', pyBool(job.visibility === 'private')],
    ['md5sum', pkg.md5],
  ];
  if (method === 'executor.createAsync') fields.push(['id', name]);
  if (job.forceUpdate !== undefined) fields.push(['id', job.forceUpdate]);
  if (job.secret) fields.push(['secret', job.secret]);
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
  };
}

function logRetry(n: RetryNotice): void {
  log.info(`upload failed (${n.reason}); try ${n.attempt} of ${n.of} in ${formatSeconds(n.waitMs)}`);
}

/** Without a token the Hub builds while it answers: upload and build are one phase. */
export async function uploadAndBuild(ctx: RunContext, upload: Upload, verbose: boolean): Promise<Executor> {
  const tail = new LogTail(verbose);
  let accepted = false;
  return timed(ctx.facts, 'upload and build', () =>
    log.group(`Upload and build (${upload.method}, ${formatBytes(upload.file.size)})`, () =>
      ctx.client.pushSync(watched(ctx, upload), logRetry, {
        onAccepted: () => (accepted = true),
        onLog: (e) => tail.add(e),
        onWarning: (m) => log.warning(`Hub: ${m}`),
      }),
    ).catch((err) => {
      if (accepted) ctx.outputs.set('status', 'failed');
      tail.showOnFailure();
      throw err;
    }),
  );
}

/** With a token: uploads, and sets the task ID (and what else the Hub answered) as soon as it is known. */
export async function uploadForBuild(ctx: RunContext, upload: Upload): Promise<string> {
  const { client, outputs, facts } = ctx;
  const { taskId, executor } = await timed(
    facts,
    'upload',
    () =>
      log.group(`Upload (${upload.method}, ${formatBytes(upload.file.size)})`, async () => {
        const answer = await client.pushAsync(watched(ctx, upload), logRetry);
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
