// Waits for a build task to end through executor.queryProgress: a stream that ends or breaks
// is asked again with backoff, and log events are passed on once each (by sn).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Executor, HubClient, LogEvent } from './client.js';
import { Deadline } from './deadline.js';
import { HubError, ProtocolError } from './errors.js';
import { describeNetworkError, formatWait, isRetryable } from './http.js';
import { drained } from '../log.js';

export type BuildOutcome =
  | { status: 'succeeded'; executor: Executor }
  | { status: 'failed'; reason: string }
  | { status: 'timeout'; lastState?: string };

export interface WaitOptions {
  taskId: string;
  verbose: boolean;
  /** Replay the log from its start on the first stream (later streams always replay, and skip what was seen). */
  replayFirst: boolean;
  deadline: number;
  onState(status: string): void;
  onLog(event: LogEvent): void;
  onReconnect(reason: string, waitMs: number): void;
  /** Aborts the wait from outside (e.g. cancellation). */
  signal?: AbortSignal;
}

const TERMINAL = new Set(['succeeded', 'failed']);
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;
/** Streams in a row that answered but said nothing the contract defines, before the wait gives up. */
const MAX_SILENT_STREAMS = 3;

export async function waitForBuild(client: HubClient, options: WaitOptions): Promise<BuildOutcome> {
  let lastSn = -1;
  let lastState: string | undefined;
  let streams = 0;
  let failuresInRow = 0;
  let silentInRow = 0;

  while (Date.now() < options.deadline) {
    // A timer of our own (see deadline.ts): AbortSignal.timeout does not hold on Node 20.
    const deadline = new Deadline(options.deadline, options.signal);
    const signal = deadline.signal;
    // Ask for the whole log whenever something was seen, so nothing is lost between two streams.
    const replay = streams === 0 ? options.replayFirst : options.replayFirst || lastSn >= 0;
    streams++;
    let answered = false;
    let useful = false;
    let why = 'the status stream ended before the build did';
    try {
      for await (const line of client.queryProgress(options.taskId, replay, options.verbose, signal)) {
        answered = true;
        if (line.kind === 'log') {
          useful = true;
          const sn = line.event.sn;
          if (sn !== undefined && sn <= lastSn) continue;
          if (sn !== undefined) lastSn = sn;
          options.onLog(line.event);
          await drained(); // a flood of log lines waits for stdout's reader instead of filling memory
        } else if (line.kind === 'state') {
          useful = true;
          if (line.status !== lastState) {
            lastState = line.status;
            options.onState(line.status);
          }
          if (line.status === 'succeeded') return { status: 'succeeded', executor: line.result ?? {} };
          if (line.status === 'failed') return { status: 'failed', reason: line.error ?? 'the Hub gave no reason' };
        }
      }
      answered = true;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      if (signal.aborted) break;
      if (err instanceof ProtocolError) throw err;
      if (err instanceof HubError && !isRetryable(err)) throw err;
      why = err instanceof HubError ? err.message : whyBroken(err, client.http.stallTimeoutMs);
    } finally {
      deadline.clear();
    }
    // A Hub that is down or overloaded is asked again until the time limit; one that keeps
    // answering with nothing the contract defines is not going to get better.
    silentInRow = answered && !useful ? silentInRow + 1 : 0;
    if (silentInRow >= MAX_SILENT_STREAMS) {
      throw new ProtocolError(
        `the Hub answered ${silentInRow} status requests for task ${options.taskId} with nothing its API defines (no report, no log event): check the registry input (session ${client.sessionId})`,
      );
    }
    failuresInRow = useful ? 0 : failuresInRow + 1;
    const waitMs = useful ? RECONNECT_BASE_MS : Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failuresInRow);
    const wait = Math.min(waitMs, Math.max(0, options.deadline - Date.now()));
    options.onReconnect(why, wait);
    await sleep(wait, undefined, options.signal ? { signal: options.signal } : undefined);
  }
  return { status: 'timeout', lastState: lastState && !TERMINAL.has(lastState) ? lastState : undefined };
}

/** Why a status stream ended early, for the one line that says it is asked again. */
function whyBroken(err: unknown, stallTimeoutMs: number): string {
  if ((err as { code?: unknown })?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `the status stream was silent for ${formatWait(stallTimeoutMs)}`;
  }
  return `the status stream broke (${describeNetworkError(err)})`;
}
