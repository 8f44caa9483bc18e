/** The in-memory Hub: tokens, executors, tasks, recorded requests, faults, idempotency keys. */
import { executorId, hex } from './ids.js';
import { taskSnapshot } from './tasks.js';
import type { Executor, Faults, HubStateSnapshot, RecordedRequest, Task, Visibility } from './types.js';

type UploadFault = NonNullable<Faults['uploadFailures']>;
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

  constructor(tokens: Record<string, string>) {
    for (const [token, owner] of Object.entries(tokens)) this.tokens.set(token, owner);
  }

  clear(): void {
    this.executors.clear();
    this.tasks.clear();
    this.idempotency.clear();
    this.requests = [];
    this.faults = {};
  }

  findByName(name: string): Executor | undefined {
    for (const e of this.executors.values()) if (e.name === name) return e;
    return undefined;
  }

  /** By id first, then by name. */
  findExecutor(nameOrId: string): Executor | undefined {
    return this.executors.get(nameOrId) ?? this.findByName(nameOrId);
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
      else (this.faults as Record<string, unknown>)[key] = typeof value === 'object' ? { ...value } : value;
    }
  }

  takeUploadFault(): UploadFault | null {
    const f = this.faults.uploadFailures;
    if (!f || f.count <= 0) return null;
    f.count -= 1;
    if (f.count <= 0) delete this.faults.uploadFailures;
    return f;
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
    };
  }
}
