// The whole story of one step. Secrets are masked first; then the inputs are read into one request;
// then, in push mode, every executor that `path` names is published (many.ts resolves the folders;
// publish.ts does one executor: check, the Hub's generation and the token's owner, both learnt once
// per run, pack, re-run check, push, wait, GPU variant, outputs), or, in status mode, one build is
// followed (status.ts). Whatever happened: the package removed, the connections closed, the job
// summary written, and a cancelled step ended promptly.
import * as core from '@actions/core';
import { Cancellation, Cancelled } from './cancel.js';
import type { RunContext } from './context.js';
import { cancelledMessage, messageOf, recordFailure } from './failure.js';
import { HubClient } from './hub/client.js';
import { HubGeneration } from './hub/generation.js';
import { HubHttp } from './hub/http.js';
import { inputSecrets, notSecretNotice, parseInputs } from './inputs.js';
import * as log from './log.js';
import { publishAll } from './many.js';
import { TokenOwner } from './owner.js';
import { publishExecutor } from './publish.js';
import { Outputs, newFacts, writeSummaries, writeSummary, type SummaryFacts } from './report.js';
import { status } from './status.js';

/** For index.ts, which ends the step through the same printer when an error escapes everything else. */
export { fail } from './log.js';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const read = (name: string) => core.getInput(name);
  // Mask first: nothing is printed before every secret we were handed is known.
  const { secrets, notSecretKeys } = inputSecrets(read, env);
  for (const secret of secrets) log.addSecret(secret.value, secret.label === 'the executor secret' ? 'executor-secret' : 'credential', secret.label);
  const notice = notSecretNotice(notSecretKeys);
  if (notice) log.info(notice);

  const outputs = new Outputs();
  const facts = newFacts();
  const cancellation = new Cancellation();
  let http: HubHttp | undefined;
  const cleanup: Array<() => Promise<void>> = [];
  /** One per executor when `path` names several; else the step's own facts. */
  const summaries: SummaryFacts[] = [];
  try {
    const request = parseInputs(read, env);
    facts.mode = request.job.kind;
    http = new HubHttp(request.registry, request.token, { stallTimeoutMs: request.stallTimeoutMs });
    const client = new HubClient(http);
    const generation = new HubGeneration(client, request.hubApi);
    const owner = new TokenOwner(client, request.token !== undefined);
    const ctx: RunContext = { request, client, generation, owner, outputs, facts, cleanup, signal: cancellation.signal };
    const job = request.job;
    const onFailure = (f: SummaryFacts, err: unknown) => recordFailure(f, err, http?.sessionId);
    await cancellation.race(job.kind === 'push' ? publishAll(ctx, job, env, summaries, publishExecutor, onFailure) : status(ctx, job));
  } catch (err) {
    if (cancellation.cancelled) {
      if (facts.taskId) outputs.set('status', 'pending');
      facts.outcome = facts.taskId ? 'pending' : 'failed';
      facts.reason = cancelledMessage(err instanceof Cancelled ? err : new Cancelled('SIGTERM'), facts, http?.sessionId);
    } else {
      recordFailure(facts, err, http?.sessionId);
    }
    log.fail(facts.reason ?? '');
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
    await (cancellation.cancelled ? http?.destroy() : http?.close());
    await (summaries.length > 1 ? writeSummaries(summaries) : writeSummary(facts)).catch((err) =>
      log.warning(`could not write the job summary: ${messageOf(err)}`),
    );
    cancellation.dispose();
  }
  // Work that did not heed the abort (a read, a timer) must not keep a cancelled step alive.
  if (cancellation.cancelled) process.exit(1);
}
