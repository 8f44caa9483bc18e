/** Public and internal types of the local Executor Hub (shares no code with src/). */
import type { HubApi } from './api.js';

export type { HubApi } from './api.js';

export interface HubOptions {
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string;
  /** Port; default 0 (ephemeral). */
  port?: number;
  /** token -> owner name; default { 'demo-token': 'demo' }. */
  tokens?: Record<string, string>;
  /** Total build duration in ms; default 1500. */
  buildMs?: number;
  /** Max lifetime of one queryProgress stream in ms; default 10000. */
  streamMs?: number;
  /** Where uploads are streamed to; default a fresh dir under os.tmpdir() (removed on close). */
  dataDir?: string;
  /** Which generation of the Hub API it speaks: 'async', 'push' or 'both' (default). */
  api?: HubApi;
}

export interface LocalHub {
  url: string;
  /**
   * A second listener of the same Hub (same state, same API) on another 127.0.0.1 port: another origin,
   * the target of `{"mode":"redirect","to":"other-origin"}`.
   */
  mirrorUrl: string;
  close(): Promise<void>;
  requests(): RecordedRequest[];
  state(): HubStateSnapshot;
  setFaults(f: Faults): void;
  reset(): void;
  /** Forgets the recorded requests only; executors, tasks and faults stay. */
  clearRequests(): void;
  addToken(token: string, owner: string): void;
  /** Switches the generation of the Hub API it speaks; executors and tasks stay. */
  setApi(api: HubApi): void;
}

export interface RecordedFile {
  name: string;
  size: number;
  md5: string;
}

export type ListenerName = 'main' | 'mirror';

export interface RecordedRequest {
  method: string;
  headers: Record<string, string>;
  fields: Record<string, string>;
  file?: RecordedFile;
  /** HTTP status answered; 0 while unanswered (stalled) or when the socket was reset. */
  status: number;
  at: number;
  /** The listener the request came in on: the Hub's url, or its mirror (another origin). */
  listener: ListenerName;
  /** That listener's origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Whether an Authorization header came with it (never its value here; `headers` has it). */
  authorization: boolean;
  /** Its Idempotency-Key header, or null. */
  idempotencyKey: string | null;
  /** An upload method (createAsync, updateAsync, create, update, push) with a package: one upload try. */
  upload: boolean;
  /** An upload method asked without a package (no file part): how a client learns which methods a Hub has. */
  probe: boolean;
  /** The fault applied to this request, e.g. 'upload status 503', 'status-stream html'; null when none. */
  fault: string | null;
  /** Body bytes the Hub read from this request (so far, for a stalled or reset one). */
  bytesReceived: number;
}

export type UploadFaultMode = 'status' | 'reset' | 'stall';

/** One step of `uploadSequence`, consumed by one upload request (`count` times, default 1). */
export type UploadStep = { count?: number } & (
  | { mode: 'pass' }
  /** Answer `status` (default 503) with a JSON error body, after reading the body. */
  | { mode: 'status'; status?: number; retryAfter?: string; message?: string }
  /** Destroy the socket after `afterBytes` body bytes (default: half the Content-Length; 0: at once). */
  | { mode: 'reset'; afterBytes?: number }
  /** Stop reading the body after `afterBytes` bytes (default 0) and never answer; close()/reset() end it. */
  | { mode: 'stall'; afterBytes?: number }
  /** Read the whole body, wait `delayMs`, then answer normally. */
  | { mode: 'slow-answer'; delayMs: number }
  /** Read the whole body, answer `status` (default 200) with an HTML page. */
  | { mode: 'html'; status?: number }
  /** Read the whole body, answer `status` (default 307) with Location: the same path on the mirror or on this listener. */
  | { mode: 'redirect'; status?: number; to: 'other-origin' | 'same-origin' }
  /**
   * Process the upload as usual (the task and its build are made), then lose the answer: `status`
   * (default 502) with a JSON error instead, or with `reset: true` the socket destroyed.
   */
  | { mode: 'answer-lost'; status?: number; reset?: boolean }
  /**
   * Process the upload as usual, but write each JSON line of the answer pretty-printed over several
   * lines, with fields no client knows added: valid JSON, not the one-object-per-line the contract shows.
   */
  | { mode: 'pretty-answer' }
  /** Read the whole body, answer `status` (default 500) with a JSON error body that never ends (a few bytes every 100 ms), nothing processed. */
  | { mode: 'endless-error'; status?: number }
);

/** One step of `statusSequence`, consumed by one executor.queryProgress request (`count` times, default 1). */
export type StatusStep = { count?: number } & (
  | { mode: 'pass' }
  /** 200 with an HTML page. */
  | { mode: 'html' }
  /** 200 NDJSON with half a JSON line, then the end. */
  | { mode: 'truncated-json' }
  /** 200 NDJSON with `lines` (default 1) non-JSON lines, then the end; with beforeStream, then the normal stream. */
  | { mode: 'garbage-line'; lines?: number; beforeStream?: boolean }
  /** 200 NDJSON with no body. */
  | { mode: 'empty' }
  /** 200 NDJSON with one JSON line of `bytes` bytes (default 5_000_000) and nothing else. */
  | { mode: 'huge-line'; bytes?: number }
  /** 200 NDJSON headers, then nothing, the socket held open until close()/reset(). */
  | { mode: 'stall' }
  /** The normal stream, its socket destroyed after `afterLines` lines (default 2). */
  | { mode: 'break'; afterLines?: number }
  /** 200 NDJSON with a progress line every `delayMs` (default 100), never a terminal report, never an end until close()/reset(). */
  | { mode: 'endless'; delayMs?: number }
);

export interface Faults {
  uploadFailures?: { count: number; status?: number; retryAfter?: string; mode?: UploadFaultMode };
  /** Upload faults in order, one per upload request; consumed before uploadFailures. */
  uploadSequence?: UploadStep[];
  breakStreams?: { count: number; afterLines: number };
  /** Status stream faults in order, one per queryProgress request; consumed before breakStreams/queryProgressGarbage. */
  statusSequence?: StatusStep[];
  /** withoutResult: its `succeeded` status reports carry no `result` (a shape both clients handle); its build stream still ends with the executor. */
  /** thinComplete: its build stream ends with a `complete` whose payload is only `{name}` (and a create's secret). */
  nextBuild?: { fail?: string; neverEnds?: boolean; durationMs?: number; withoutResult?: boolean; thinComplete?: boolean };
  queryProgressGarbage?: 'html' | 'truncated-json' | 'garbage-line' | 'empty';
  /**
   * Answer a repeated Idempotency-Key with the first answer (no second build). Off by default: no
   * real client sends the header, so a Hub must be assumed to ignore it.
   */
  honourIdempotencyKey?: boolean;
}

/** Counters for tests: what was asked how often, and what was created. */
export interface HubCounts {
  /** Requests per RPC method, since start, reset() or clearRequests(). */
  requests: Record<string, number>;
  /** Upload requests (every try of createAsync, updateAsync, create, update, push; probes without a package not counted). */
  uploadTries: number;
  /** The Idempotency-Key of each upload try, in order (null: none). */
  uploadKeys: (string | null)[];
  /** Requests per listener. */
  byListener: Record<ListenerName, number>;
  /** Requests that reached the mirror with an Authorization header. */
  mirrorAuthorized: number;
  /** Build tasks created since start or reset(). */
  tasksCreated: number;
}

export type TaskStatus = 'pending' | 'waiting' | 'running' | 'succeeded' | 'failed';

export interface LogData {
  type: string;
  subject: string;
  payload: string;
}

export interface LogEvent {
  sn: number;
  dt: number;
  data: LogData;
}

/** The EXECUTOR object of the contract. */
export interface ExecutorView {
  id: string;
  name: string;
  visibility: Visibility;
  owner?: { name: string };
  secret?: string;
  commit: { id: string; tags: string[] };
}

export type Visibility = 'public' | 'private';

export interface Version extends VersionSnapshot {
  /** Stored package on disk (not in snapshots). */
  filePath: string;
}

export interface Executor {
  id: string;
  name: string;
  owner: string | null;
  secret: string;
  visibility: Visibility;
  protectedTags: Set<string>;
  versions: Version[];
  createdAt: string;
}

/** What a validated upload asks for; the build applies it on success. */
export interface UploadRequest {
  method: string;
  visibility: Visibility;
  tags: string[];
  immutableTags: string[];
  buildEnv: Record<string, string>;
  md5: string;
  size: number;
  platform: string | null;
  dockerfile: string | null;
  filePath: string;
  /** createAsync with an `id`, executor.push: the name the package must declare. */
  expectedName: string | null;
  /** executor.create: the answer carries the secret, and a failed first build frees the name. */
  anonymousCreate: boolean;
}

export type TaskKind = 'async' | 'sync';

export type TaskItem =
  | { kind: 'log'; event: LogEvent }
  | { kind: 'status'; status: TaskStatus };

export interface Task extends TaskSnapshot {
  upload: UploadRequest;
  /** Its `succeeded` reports leave out `result` (the nextBuild.withoutResult fault). */
  reportWithoutResult?: boolean;
  /** Its build stream's `complete` payload holds only the name (the nextBuild.thinComplete fault). */
  thinComplete?: boolean;
  listeners: Set<(item: TaskItem) => void>;
  timer?: NodeJS.Timeout;
}

export interface VersionSnapshot {
  commitId: string;
  tags: string[];
  md5: string;
  size: number;
  buildEnv: Record<string, string>;
  platform: string | null;
  dockerfile: string | null;
  createdAt: string;
}

export interface ExecutorSnapshot {
  id: string;
  name: string;
  owner: string | null;
  secret: string;
  visibility: Visibility;
  protectedTags: string[];
  createdAt: string;
  versions: VersionSnapshot[];
}

export interface TaskSnapshot {
  _id: string;
  executorId: string | null;
  executorName: string | null;
  kind: TaskKind;
  method: string;
  status: TaskStatus;
  createdAt: string;
  log: LogEvent[];
  result?: ExecutorView;
  error?: { message: string };
}

export interface HubStateSnapshot {
  /** The generation of the Hub API it speaks now. */
  api: HubApi;
  executors: ExecutorSnapshot[];
  tasks: TaskSnapshot[];
  faults: Faults;
  tokens: Record<string, string>;
  counts: HubCounts;
}

export const TERMINAL: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['succeeded', 'failed']);
