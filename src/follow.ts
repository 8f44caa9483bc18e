// Following a build to its end: its state and log into the step, the executor into the outputs.
import { settle, type RunContext } from './context.js';
import type { Executor, LogEvent } from './hub/client.js';
import { waitForBuild, type BuildOutcome } from './hub/progress.js';
import * as log from './log.js';
import { BuildFailed } from './failure.js';
import { timed } from './phases.js';
import { formatSeconds, usageUri } from './report.js';

/** How many build log lines a failed build shows without `verbose`. */
const FAILED_BUILD_TAIL = 25;

/** Waits for the build, shows its progress and sets the outputs; throws when it did not succeed. */
export async function follow(
  ctx: RunContext,
  taskId: string,
  opts: {
    verbose: boolean;
    replayFirst: boolean;
    timeoutMs: number;
    showLog: boolean;
    /** The executor to report, from what the Hub's `succeeded` report said (it may say nothing: see lookup.ts). */
    resolve: (reported: Executor) => Promise<Executor>;
  },
): Promise<void> {
  const { client, outputs, facts } = ctx;
  const tail = new LogTail(opts.showLog);
  const outcome: BuildOutcome = await timed(facts, 'build', () =>
    log.group(`Build (task ${taskId})`, () =>
      waitForBuild(client, {
        taskId,
        verbose: opts.verbose,
        replayFirst: opts.replayFirst,
        deadline: Date.now() + opts.timeoutMs,
        signal: ctx.signal,
        onState: (s) => log.info(`build ${s}`),
        onLog: (e) => tail.add(e),
        onReconnect: (why, waitMs) => log.info(`${why}; asking again in ${formatSeconds(waitMs)}`),
      }),
    ),
    (o) => (o.status === 'timeout' ? 'not ended yet' : o.status),
  );
  if (outcome.status === 'succeeded') {
    published(ctx, await opts.resolve(outcome.executor));
    return;
  }
  if (outcome.status === 'failed') {
    settle(ctx, 'failed');
    tail.showOnFailure();
    const name = outputs.values.name ?? facts.name ?? 'the executor';
    throw new BuildFailed(`the build of ${name} failed: ${outcome.reason} (task ID ${taskId}, session ${client.sessionId})`);
  }
  settle(ctx, 'pending');
  throw new BuildFailed(
    `the build did not end within ${formatSeconds(opts.timeoutMs)}${outcome.lastState ? ` (last state: ${outcome.lastState})` : ''}: ` +
      `it goes on at the Hub; look it up later with task-id: ${taskId}, or raise timeout (session ${client.sessionId})`,
  );
}

export function published(ctx: RunContext, executor: Executor): void {
  settle(ctx, 'succeeded', executor);
  const uri = usageUri(executor);
  log.info(`published ${executor.name ?? ctx.facts.name ?? 'the executor'}${executor.id ? ` (ID ${executor.id})` : ''}${uri ? `: ${uri}` : ''}`);
  if (executor.secret) {
    const where = ctx.secretGoesTo ?? 'the secret output and the executors output';
    log.info(`the Hub returned the executor secret: it is in ${where} (masked); store it as a repository secret now, the Hub never shows it again`);
  }
}

/** The build log: every line when shown, else only the last ones, printed if the build fails. */
export class LogTail {
  private readonly last: string[] = [];
  constructor(private readonly show: boolean) {}

  add(event: LogEvent): void {
    if (!this.show && event.subject && (event.type === 'start' || event.type === 'done')) {
      log.info(`${event.subject}: ${event.type === 'start' ? 'started' : 'done'}`);
    }
    if (!event.text) return;
    if (this.show) log.info(event.text);
    else {
      this.last.push(event.text);
      if (this.last.length > FAILED_BUILD_TAIL) this.last.shift();
    }
  }

  showOnFailure(): void {
    if (this.show || this.last.length === 0) return;
    log.info(`last ${this.last.length} lines of the build log:`);
    for (const line of this.last) log.info(`  ${line}`);
  }
}
