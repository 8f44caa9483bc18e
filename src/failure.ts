// How a failure reads: the one sentence for the log, the annotation, the outputs and the summary.
import { HubError, ProtocolError, StallError } from './hub/errors.js';
import { describeNetworkError, isNetworkError } from './hub/http.js';
import { InputError } from './inputs.js';
import { Cancelled } from './cancel.js';
import { SomeFailed } from './many.js';
import type { SummaryFacts } from './report.js';

/** A build that did not succeed (failed, or not ended in time). */
export class BuildFailed extends Error {}

/** What a failed push tells the summary, the outputs and the log: refused, failed or still pending, and why. */
export function recordFailure(facts: SummaryFacts, err: unknown, sessionId?: string): void {
  facts.outcome = err instanceof InputError ? 'refused' : facts.outcome === 'pending' ? 'pending' : 'failed';
  facts.reason = messageOf(err, sessionId);
}

/** What a cancelled step says: what became of the push, and how to look the build up. */
export function cancelledMessage(cancelled: Cancelled, facts: SummaryFacts, sessionId?: string): string {
  const session = sessionId ? ` (session ${sessionId})` : '';
  if (facts.taskId) {
    return (
      `${cancelled.message} while waiting for the build: it goes on at the Hub; look it up with task-id: ${facts.taskId} ` +
      `(this action with only task-id set, or jina hub status --id ${facts.taskId})${session}`
    );
  }
  if (facts.stage === 'upload') {
    return `${cancelled.message} during the upload: the Hub may or may not have taken it; look for its newest build with status-only: true${session}`;
  }
  return `${cancelled.message} before anything was uploaded: nothing was published${session}`;
}

export function messageOf(err: unknown, sessionId?: string): string {
  if (err instanceof InputError || err instanceof HubError || err instanceof ProtocolError || err instanceof BuildFailed || err instanceof SomeFailed) {
    return err.message;
  }
  const session = sessionId ? ` (session ${sessionId})` : '';
  if (err instanceof StallError) {
    return `${err.message}, on every try: the Hub or the network is too slow for now; try again later or raise stall-timeout${session}`;
  }
  if (isNetworkError(err)) {
    return `could not reach the Hub (${describeNetworkError(err)}): check the registry input and the runner's network${session}`;
  }
  const e = err as Error;
  return `unexpected error: ${e?.message ?? String(err)}${session}`;
}
