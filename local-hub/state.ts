/** The in-memory Hub: tokens, executors, tasks, recorded requests, faults, idempotency keys. */
import type { HubApi } from './api.js';
import { executorId, hex } from './ids.js';
import { taskSnapshot } from './tasks.js';
import type {
  Executor,
  Faults,
  HubCounts,
  HubStateSnapshot,
  RecordedRequest,
  StatusStep,
  Task,
  UploadStep,
  Visibility,
} from './types.js';

type NextBuild = NonNullable<Faults['nextBuild']>;
type Garbage = NonNullable<Faults['queryProgressGarbage']>;

export class HubState {
  readonly tokens = new Map<string, string>();
  readonly executors = new Map<string, Executor>();
  readonly tasks = new Map<string, Task>();
  /** Idempotency-Key -> task id of the original answer. */
  readonly idempotency = new Map<string, string>();
  requests: RecordedRequest[] = [];
  faults: Faults = {};
  /** Build tasks created since start or clear(). */
  tasksCreated = 0;
  /** The generation of the Hub API served; kept by clear(), like the tokens. */
  api: HubApi;

  constructor(tokens: Record<string, string>, api: HubApi = 'both') {
    for (const [token, owner] of Object.entries(tokens)) this.tokens.set(token, owner);
    this.api = api;
  }

  clear(): void {
    this.executors.clear();
    this.tasks.clear();
    this.idempotency.clear();
    this.requests = [];
    this.faults = {};
    this.tasksCreated = 0;
  }

  /** The oldest executor of that name, whoever owns it. */
  findByName(name: string): Executor | undefined {
    for (const e of this.executors.values()) if (e.name === name) return e;
    return undefined;
  }

  /** The executor `owner` has under `name` (executors are keyed by owner and name). */
  findOwned(owner: string, name: string): Executor | undefined {
    for (const e of this.executors.values()) if (e.owner === owner && e.name === name) return e;
    return undefined;
  }

  /**
   * An executor by ID, by `<owner>/<name>`, or by plain name. A plain name is resolved from the
   * caller's side: their own executor first, then the one whose secret they give, then an anonymous
   * one, then the oldest of another owner.
   */
  findExecutor(ref: string, caller: { owner?: string | null; secret?: string | undefined } = {}): Executor | undefined {
    const byId = this.executors.get(ref);
    if (byId) return byId;
    const slash = ref.indexOf('/');
    if (slash > 0) return this.findOwned(ref.slice(0, slash), ref.slice(slash + 1));
    const named = [...this.executors.values()].filter((e) => e.name === ref);
    const owner = caller.owner ?? null;
    return (
      (owner === null ? undefined : named.find((e) => e.owner === owner)) ??
      (caller.secret === undefined ? undefined : named.find((e) => e.secret === caller.secret)) ??
      named.find((e) => e.owner === null) ??
      named[0]
    );
  }

  createExecutor(name: string, owner: string | null, visibility: Visibility): Executor {
    let id = executorId();
    while (this.executors.has(id)) id = executorId();
    const executor: Executor = {
      id,
      name,
      owner,
      secret: hex(16),
      visibility,
      protectedTags: new Set(),
      versions: [],
      createdAt: new Date().toISOString(),
    };
    this.executors.set(id, executor);
    return executor;
  }

  /** Merges faults; a key set to null or undefined is cleared. */
  setFaults(f: Faults): void {
    for (const [key, value] of Object.entries(f) as [keyof Faults, unknown][]) {
      if (value === null || value === undefined) delete this.faults[key];
      else (this.faults as Record<string, unknown>)[key] = typeof value === 'object' ? structuredClone(value) : value;
    }
  }

  /** The fault of the next upload request: the head of uploadSequence, else uploadFailures, else null. */
  takeUploadStep(): UploadStep | null {
    const step = takeStep(this.faults.uploadSequence);
    if (this.faults.uploadSequence?.length === 0) delete this.faults.uploadSequence;
    if (step) return step;
    const f = this.faults.uploadFailures;
    if (!f || f.count <= 0) return null;
    f.count -= 1;
    if (f.count <= 0) delete this.faults.uploadFailures;
    switch (f.mode ?? 'status') {
      case 'reset':
        return { mode: 'reset' };
      case 'stall':
        return { mode: 'stall' };
      case 'status': {
        const out: UploadStep = { mode: 'status', status: f.status ?? 503 };
        if (f.retryAfter !== undefined) out.retryAfter = f.retryAfter;
        return out;
      }
    }
  }

  /** The fault of the next queryProgress request from statusSequence, or null (then the older hooks apply). */
  takeStatusStep(): StatusStep | null {
    const step = takeStep(this.faults.statusSequence);
    if (this.faults.statusSequence?.length === 0) delete this.faults.statusSequence;
    return step;
  }

  /** Lines after which the next queryProgress stream is cut, or null. */
  takeBreakStream(): number | null {
    const f = this.faults.breakStreams;
    if (!f || f.count <= 0) return null;
    f.count -= 1;
    if (f.count <= 0) delete this.faults.breakStreams;
    return Math.max(0, f.afterLines);
  }

  takeNextBuild(): NextBuild | null {
    const f = this.faults.nextBuild ?? null;
    delete this.faults.nextBuild;
    return f;
  }

  takeGarbage(): Garbage | null {
    const f = this.faults.queryProgressGarbage ?? null;
    delete this.faults.queryProgressGarbage;
    return f;
  }

  snapshot(): HubStateSnapshot {
    return {
      api: this.api,
      executors: [...this.executors.values()].map((e) => ({
        id: e.id,
        name: e.name,
        owner: e.owner,
        secret: e.secret,
        visibility: e.visibility,
        protectedTags: [...e.protectedTags],
        createdAt: e.createdAt,
        versions: e.versions.map(({ filePath: _stored, ...v }) => ({ ...v, tags: [...v.tags], buildEnv: { ...v.buildEnv } })),
      })),
      tasks: [...this.tasks.values()].map(taskSnapshot),
      faults: structuredClone(this.faults),
      tokens: Object.fromEntries(this.tokens),
      counts: this.counts(),
    };
  }

  counts(): HubCounts {
    const requests: Record<string, number> = {};
    const byListener: HubCounts['byListener'] = { main: 0, mirror: 0 };
    const uploadKeys: (string | null)[] = [];
    let mirrorAuthorized = 0;
    for (const r of this.requests) {
      requests[r.method] = (requests[r.method] ?? 0) + 1;
      byListener[r.listener] += 1;
      if (r.listener === 'mirror' && r.authorization) mirrorAuthorized += 1;
      if (r.upload) uploadKeys.push(r.idempotencyKey);
    }
    return { requests, uploadTries: uploadKeys.length, uploadKeys, byListener, mirrorAuthorized, tasksCreated: this.tasksCreated };
  }
}

/** Takes one use of the head of a fault sequence (a step with `count` N serves N requests). */
function takeStep<T extends { count?: number }>(sequence: T[] | undefined): T | null {
  if (!sequence) return null;
  while (sequence.length > 0) {
    const head = sequence[0] as T;
    const left = head.count ?? 1;
    if (left <= 1) sequence.shift();
    else head.count = left - 1;
    if (left >= 1) {
      const { count: _count, ...step } = head;
      return step as T;
    }
  }
  return null;
}
