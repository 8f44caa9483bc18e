// Status mode (jina hub status): find the build task, then follow it; nothing is uploaded.
import type { RunContext } from './context.js';
import { readExecutorFolder } from './executor.js';
import { HubError } from './hub/errors.js';
import { InputError, type StatusRequest } from './inputs.js';
import * as log from './log.js';
import { follow } from './follow.js';

export async function status(ctx: RunContext, job: StatusRequest): Promise<void> {
  const { client, outputs, facts } = ctx;
  let taskId = job.taskId;
  if (taskId === undefined) {
    const folder = await readExecutorFolder(job.folder);
    facts.name = folder.name;
    const tasks = await client.listTasks(folder.name, 1).catch((err: unknown) => {
      if (err instanceof HubError && (err.details.status === 40403 || err.details.httpStatus === 404)) return [];
      throw err;
    });
    const newest = tasks[0];
    if (!newest) throw new InputError(`no build of ${folder.name} was found on the Hub: push it first, or give task-id.`);
    taskId = newest._id;
    log.info(`newest build of ${folder.name}: task ${taskId}`);
  }
  outputs.set('task-id', taskId);
  facts.taskId = taskId;
  await follow(ctx, taskId, {
    verbose: job.verbose,
    replayFirst: job.replay,
    timeoutMs: job.timeoutMs,
    showLog: job.verbose || job.replay,
  });
}
