// Status mode (jina hub status): find the build task, then follow it; nothing is uploaded. It reads
// only methods both generations of the Hub API have (listAsyncTasks, queryProgress, getPackage).
import type { RunContext } from './context.js';
import { readExecutorFolder } from './executor.js';
import { isNotFound } from './hub/errors.js';
import { InputError, type StatusRequest } from './inputs.js';
import * as log from './log.js';
import { follow } from './follow.js';
import { publishedExecutor } from './lookup.js';
import { ownedRef } from './owner.js';

export async function status(ctx: RunContext, job: StatusRequest): Promise<void> {
  const { client, outputs, facts } = ctx;
  let taskId = job.taskId;
  let ref: string | undefined;
  if (taskId === undefined) {
    const folder = await readExecutorFolder(job.folder);
    facts.name = folder.name;
    // With a token, the token owner's executor of that name: another owner's of the same name is another executor.
    const owner = await ctx.owner.get(false, `the newest build is looked up as ${folder.name}, as the Hub resolves that name`);
    ref = owner ? ownedRef(owner, folder.name) : folder.name;
    const tasks = await client.listTasks(ref, 1).catch((err: unknown) => {
      if (isNotFound(err)) return [];
      throw err;
    });
    const newest = tasks[0];
    if (!newest) throw new InputError(`no build of ${folder.name}${owner ? ` (as ${ref})` : ''} was found on the Hub: push it first, or give task-id.`);
    taskId = newest._id;
    log.info(`newest build of ${ref}: task ${taskId}`);
  }
  outputs.set('task-id', taskId);
  facts.taskId = taskId;
  const id = taskId;
  await follow(ctx, taskId, {
    verbose: job.verbose,
    replayFirst: job.replay,
    timeoutMs: job.timeoutMs,
    showLog: job.verbose || job.replay,
    resolve: (reported) =>
      publishedExecutor(ctx, reported, { ref, expectOwner: ctx.request.token !== undefined && ref?.includes('/') === true, what: ref ?? 'the executor', taskId: id }),
  });
}
