// What every part of one run shares: the request, the Hub client, the outputs and facts of the summary.
import type { HubClient } from './hub/client.js';
import type { HubGeneration } from './hub/generation.js';
import type { ActionRequest } from './inputs.js';
import type { TokenOwner } from './owner.js';
import type { Outputs, SummaryFacts } from './report.js';

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
