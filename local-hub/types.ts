/** Public and internal types of the local Executor Hub (shares no code with src/). */

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
}

export interface LocalHub {
  url: string;
  close(): Promise<void>;
  requests(): RecordedRequest[];
  state(): HubStateSnapshot;
  setFaults(f: Faults): void;
  reset(): void;
  /** Forgets the recorded requests only; executors, tasks and faults stay. */
  clearRequests(): void;
  addToken(token: string, owner: string): void;
}

export interface RecordedFile {
  name: string;
  size: number;
  md5: string;
}

export interface RecordedRequest {
  method: string;
  headers: Record<string, string>;
  fields: Record<string, string>;
  file?: RecordedFile;
  /** HTTP status answered; 0 while unanswered (stalled) or when the socket was reset. */
  status: number;
  at: number;
}

export type UploadFaultMode = 'status' | 'reset' | 'stall';

export interface Faults {
  uploadFailures?: { count: number; status?: number; retryAfter?: string; mode?: UploadFaultMode };
  breakStreams?: { count: number; afterLines: number };
  nextBuild?: { fail?: string; neverEnds?: boolean; durationMs?: number };
  queryProgressGarbage?: 'html' | 'truncated-json' | 'garbage-line' | 'empty';
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
  /** createAsync: the name the package must declare. */
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
  executors: ExecutorSnapshot[];
  tasks: TaskSnapshot[];
  faults: Faults;
  tokens: Record<string, string>;
}

export const TERMINAL: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['succeeded', 'failed']);
