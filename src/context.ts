// What every part of one run shares: the request, the Hub client, the outputs and facts of the summary.
import type { HubClient } from './hub/client.js';
import type { ActionRequest } from './inputs.js';
import type { Outputs, SummaryFacts } from './report.js';

export interface RunContext {
  request: ActionRequest;
  client: HubClient;
  outputs: Outputs;
  facts: SummaryFacts;
  /** Run at the end, whatever happened (e.g. removing the package). */
  cleanup: Array<() => Promise<void>>;
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
}
