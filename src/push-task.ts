// The build task an executor.push made. Its answer is the build stream, which carries no task ID:
// the task is the newest of the executor in executor.listAsyncTasks that was not there before the
// upload (or, when that list could not be read, one created since the upload began).
import { setTimeout as sleep } from 'node:timers/promises';
import type { HubClient } from './hub/client.js';
import { isNotFound } from './hub/errors.js';
import type { RetryPolicy } from './hub/http.js';

type Lister = Pick<HubClient, 'listTasks'>;

/** One try per look: a look that fails is followed by the next one. */
const ONE_TRY: RetryPolicy = { attempts: 1, baseMs: 0, maxMs: 0, maxRetryAfterMs: 0 };
const LOOK_AGAIN_MS = [300, 700, 1500, 3000, 5000];
/** Tasks listed per look: a few pushes of the same executor at once still leave this one in view. */
const PAGE = 5;
/** A Hub's clock may run behind the runner's by this much. */
const CLOCK_SKEW_MS = 60_000;

export class PushTask {
  private constructor(
    private readonly hub: Lister,
    /** How the Hub names the executor: `<owner>/<name>`, or what force-update gave. */
    readonly ref: string,
    private readonly before: Set<string> | undefined,
    private readonly since: number,
  ) {}

  /** Notes the tasks the executor has before the upload (none when it has none, or they cannot be read). */
  static async before(hub: Lister, ref: string): Promise<PushTask> {
    const since = Date.now();
    // An executor the Hub does not know yet has no tasks.
    const tasks = await hub.listTasks(ref, PAGE, ONE_TRY).catch((err: unknown) => (isNotFound(err) ? [] : undefined));
    return new PushTask(hub, ref, tasks && new Set(tasks.map((t) => t._id)), since);
  }

  /** One look: the task this push made, if the Hub lists it yet. */
  async look(): Promise<string | undefined> {
    const tasks = await this.hub.listTasks(this.ref, PAGE, ONE_TRY).catch(() => []);
    const made = tasks.find((t) =>
      this.before ? !this.before.has(t._id) : Date.parse(t.createdAt ?? '') >= this.since - CLOCK_SKEW_MS,
    );
    return made?._id;
  }

  /** Looks until the task is found or `stop` is aborted (the build stream ended); then, once more if not found yet. */
  async find(stop: AbortSignal): Promise<string | undefined> {
    for (let i = 0; !stop.aborted; i++) {
      const id = await this.look();
      if (id) return id;
      await sleep(LOOK_AGAIN_MS[Math.min(i, LOOK_AGAIN_MS.length - 1)], undefined, { signal: stop }).catch(() => undefined);
    }
    return this.look();
  }
}
