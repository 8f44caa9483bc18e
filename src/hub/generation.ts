// Which generation of the Hub API a Hub speaks (shared/hub-api.md), learnt without uploading anything:
// the async generation (createAsync / updateAsync / create / update) or the push generation
// (whoami, then executor.push / executor.update). Asked once per run, whatever the number of executors.
import type { HubApiInput } from '../inputs.js';
import { ProtocolError } from './errors.js';
import * as log from '../log.js';
import type { ProbeAnswer, UploadMethod } from './client.js';

export type HubApi = 'async' | 'push';

/** The part of the client detection needs: one package-less request per method. */
export interface Prober {
  readonly sessionId: string;
  probe(method: UploadMethod): Promise<ProbeAnswer>;
}

/**
 * The generation from what the Hub answered: a Hub with createAsync is of the async generation (also
 * when it has executor.push too: the async generation gives the task ID at once and survives long
 * builds through reconnects); else a Hub with executor.push is of the push generation. executor.push is
 * asked only when createAsync is not there. Anything else is a sentence that says what to do.
 */
export async function detectApi(hub: Prober): Promise<HubApi> {
  const async = await hub.probe('executor.createAsync');
  if ('has' in async && async.has) return 'async';
  const push = await hub.probe('executor.push');
  if ('has' in push && push.has) return 'push';
  if ('has' in async && 'has' in push) {
    throw new ProtocolError(
      `the Hub has neither executor.createAsync nor executor.push (both answered 404): check the registry input (session ${hub.sessionId}).`,
    );
  }
  const why = 'inconclusive' in async ? async.inconclusive : 'inconclusive' in push ? push.inconclusive : '';
  throw new ProtocolError(
    `could not tell which generation of the Hub API this Hub speaks (${why}): check the registry input, or set hub-api to async or push (session ${hub.sessionId}).`,
  );
}

/** The generation of the run's Hub: pinned by `hub-api`, or detected once and shared by every executor of the run. */
export class HubGeneration {
  private detected: Promise<HubApi> | undefined;

  constructor(
    private readonly client: Prober,
    private readonly pinned: HubApiInput,
  ) {}

  /** Known without asking the Hub: the pinned generation, else undefined. */
  get known(): HubApi | undefined {
    return this.pinned === 'auto' ? undefined : this.pinned;
  }

  private readonly warned = new Set<string>();

  /** One warning per run for `key`, however many executors draw it. */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    log.warning(message);
  }

  async get(): Promise<HubApi> {
    if (this.pinned !== 'auto') return this.pinned;
    this.detected ??= detectApi(this.client).then((api) => {
      log.info(`the Hub speaks the ${api} generation of the Hub API (${api === 'async' ? 'createAsync / updateAsync' : 'whoami, then executor.push'}); set hub-api to pin it`);
      return api;
    });
    return this.detected;
  }
}
