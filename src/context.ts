// What every part of one run shares: the request, the Hub client, the outputs and facts of the summary;
// and settle(), which sets the step's status in both at once.
import type { Executor, HubClient } from './hub/client.js';
import type { HubGeneration } from './hub/generation.js';
import type { ActionRequest } from './inputs.js';
import type { TokenOwner } from './owner.js';
import type { Outputs, StepStatus, SummaryFacts } from './report.js';

export interface RunContext {
  request: ActionRequest;
  client: HubClient;
  /** Which generation of the Hub API the Hub speaks: learnt once per run, for every executor. */
  generation: HubGeneration;
  /** The token's owner: asked once per run, for every executor. */
  owner: TokenOwner;
  outputs: Outputs;
  facts: SummaryFacts;
  /** Run at the end, whatever happened (e.g. removing the package). */
  cleanup: Array<() => Promise<void>>;
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
  /** Where an executor secret the Hub returns is handed over, for the sentence that says so (default: the step's `secret` and `executors` outputs). */
  secretGoesTo?: string;
}

/** Sets the `status` output and the summary's outcome together, and with them the executor the step reports, if any. */
export function settle(ctx: Pick<RunContext, 'outputs' | 'facts'>, status: StepStatus, executor?: Executor): void {
  if (executor) {
    ctx.outputs.setExecutor(executor);
    ctx.facts.executor = executor;
  }
  ctx.outputs.set('status', status);
  ctx.facts.outcome = status;
}
