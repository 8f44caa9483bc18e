// Sending an upload, again only when the Hub cannot have acted on it. No real client sends
// Idempotency-Key, so a Hub must be assumed to ignore it: after an ambiguous failure (the whole body
// was sent, then a reset, a 5xx, a stall or a timeout) a second upload could start a second build.
// With a token, the build task the upload made is looked for instead (executor.listAsyncTasks), and
// sent again only when there is none; without one, it is not sent again at all.
import { setTimeout as sleep } from 'node:timers/promises';
import { HubError, isNotFound } from './errors.js';
import { describeFailure, hubMayHaveActed, isRetryable, retryWaitMs, type RetryPolicy } from './http.js';

export interface RetryNotice {
  attempt: number;
  of: number;
  waitMs: number;
  reason: string;
}

/** A build task as executor.listAsyncTasks lists it. */
export interface ListedTask {
  _id: string;
  status?: string;
  createdAt?: string;
}

/** The Hub's task list, with how far the Hub's clock is ahead of ours when it answered (from its Date header). */
export interface TaskListing {
  tasks: ListedTask[];
  hubAheadMs?: number;
}

export interface UploadRecovery {
  /** With a token: the executor's newest tasks. Undefined without a token: then nothing is sent twice. */
  listTasks?(): Promise<TaskListing>;
  /** The sentence for an upload that may have been taken and is not sent again (no token). */
  notSentAgain(err: unknown): Error;
  /** The sentence for an upload whose fate the Hub could not be asked about (the task list failed). */
  unknownFate(err: unknown, listErr: unknown): Error;
}

export type UploadOutcome<T> =
  | { kind: 'answered'; answer: T }
  /** The upload's answer was lost, but the Hub made this build task for it. */
  | { kind: 'found'; taskId: string; reason: string };

/**
 * The Date header says the Hub's time to the second, and the trip takes a while: a task of this
 * upload is one created no earlier than this before the upload began, on the Hub's clock.
 */
const SKEW_MARGIN_MS = 5_000;
/** Without a Date header the Hub's clock is unknown: allow this much difference between the clocks. */
const UNKNOWN_CLOCK_MARGIN_MS = 120_000;
/**
 * Waits before each look for the task. A gateway that gave up (502, 504, a reset, a stall) may have
 * left the Hub still working on the upload, so the task may appear a little later; a Hub that
 * answered 500 or 503 itself is done with the request, and one look is enough.
 */
const LOOKS_AFTER_GATEWAY_MS = [0, 2_000, 4_000];
const LOOKS_AFTER_HUB_MS = [0];

/**
 * Runs `send` (one try of the upload, answer read) until it answers, fails for good, or the tries
 * run out. A failure the Hub cannot have acted on is tried again; after an ambiguous one, the task
 * it made is looked for (with a token) and returned, or the upload is sent again when there is none;
 * without a token it is not sent again.
 */
export async function sendUpload<T>(
  policy: RetryPolicy,
  send: () => Promise<T>,
  recovery: UploadRecovery,
  onRetry: (n: RetryNotice) => void,
  signal?: AbortSignal,
): Promise<UploadOutcome<T>> {
  const began = Date.now();
  for (let n = 1; ; n++) {
    try {
      return { kind: 'answered', answer: await send() };
    } catch (err) {
      if (signal?.aborted || !isRetryable(err)) throw err;
      if (hubMayHaveActed(err)) {
        if (!recovery.listTasks) throw recovery.notSentAgain(err);
        const taskId = await lookForTask(recovery, began, looksAfter(err), err, signal);
        if (taskId !== undefined) return { kind: 'found', taskId, reason: describeFailure(err) };
      }
      if (n >= policy.attempts) throw err;
      const waitMs = retryWaitMs(err, n, policy);
      onRetry({ attempt: n + 1, of: policy.attempts, waitMs, reason: describeFailure(err) });
      await sleep(waitMs, undefined, { signal });
    }
  }
}

function looksAfter(err: unknown): number[] {
  const status = err instanceof HubError ? err.details.httpStatus : undefined;
  return status === 500 || status === 503 ? LOOKS_AFTER_HUB_MS : LOOKS_AFTER_GATEWAY_MS;
}

/** The task this upload made, looked for a few times; undefined when there is none. */
export async function lookForTask(
  recovery: UploadRecovery,
  began: number,
  waits: number[],
  cause: unknown,
  signal?: AbortSignal,
): Promise<string | undefined> {
  for (const wait of waits) {
    if (wait > 0) await sleep(wait, undefined, { signal });
    let listing: TaskListing;
    try {
      listing = await (recovery.listTasks as () => Promise<TaskListing>)();
    } catch (listErr) {
      // No executor by that name: this upload made no task for it.
      if (isNotFound(listErr)) continue;
      throw recovery.unknownFate(cause, listErr);
    }
    const found = newestSince(listing, began);
    if (found) return found._id;
  }
  return undefined;
}

/**
 * The newest task created since `began` (this machine's clock), read on the Hub's clock when its
 * Date header gave it. A task without a readable createdAt is never taken for this upload's: following
 * another build would report what this upload did not publish.
 */
export function newestSince(listing: TaskListing, began: number): ListedTask | undefined {
  const since =
    listing.hubAheadMs === undefined ? began - UNKNOWN_CLOCK_MARGIN_MS : began + listing.hubAheadMs - SKEW_MARGIN_MS;
  let newest: { task: ListedTask; at: number } | undefined;
  for (const task of listing.tasks) {
    const at = task.createdAt === undefined ? NaN : Date.parse(task.createdAt);
    if (!Number.isFinite(at) || at < since) continue;
    if (!newest || at > newest.at) newest = { task, at };
  }
  return newest?.task;
}

/** How far the Hub's clock is ahead of this machine's, from the Date header of an answer received at `receivedAt`. */
export function hubAheadMs(dateHeader: string | string[] | undefined, receivedAt: number): number | undefined {
  const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  const at = value ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at - receivedAt : undefined;
}
