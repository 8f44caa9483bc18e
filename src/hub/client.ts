// The Hub's methods, as the contract (shared/hub-api.md) defines them.
import { randomUUID } from 'node:crypto';
import { describeHubError, HubError, ProtocolError, type ErrorContext } from './errors.js';
import { multipartBody, type FormFields, type FormFile } from './form.js';
import { HubHttp, UPLOAD_RETRIES, readCapped, withRetries, type RetryPolicy } from './http.js';
import { readLines, tryParseObject as parseLine } from './ndjson.js';
import * as log from '../log.js';

/** The published executor, as the Hub answers it. */
export interface Executor {
  id?: string;
  name?: string;
  visibility?: string;
  owner?: { name?: string };
  secret?: string;
  commit?: { id?: string; tags?: string[] };
}

/** A task list is small; a larger answer is not what the contract describes. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

export type UploadMethod = 'executor.createAsync' | 'executor.updateAsync' | 'executor.create' | 'executor.update';

export interface Upload {
  method: UploadMethod;
  fields: FormFields;
  file: FormFile;
  context: ErrorContext;
}

export interface RetryNotice {
  attempt: number;
  of: number;
  waitMs: number;
  reason: string;
}

/** One event of a build's log. */
export interface LogEvent {
  sn?: number;
  type: string;
  subject?: string;
  text: string;
}

export type ProgressLine =
  | { kind: 'state'; status: string; result?: Executor; error?: string }
  | { kind: 'log'; event: LogEvent }
  | { kind: 'ignored' };

export interface SyncHandlers {
  /** The Hub took the upload and started building. */
  onAccepted(): void;
  onLog(event: LogEvent): void;
  onWarning(message: string): void;
}

export class HubClient {
  constructor(
    readonly http: HubHttp,
    private readonly retries: RetryPolicy = UPLOAD_RETRIES,
  ) {}

  get sessionId(): string {
    return this.http.sessionId;
  }

  /** createAsync / updateAsync: uploads, and answers the build task's ID. */
  async pushAsync(upload: Upload, onRetry: (n: RetryNotice) => void): Promise<{ taskId: string; executor?: Executor }> {
    const key = randomUUID();
    return withRetries(
      this.retries,
      async () => {
        const response = await this.http.call(upload.method, multipartBody(upload.fields, upload.file), {
          idempotencyKey: key,
          context: upload.context,
        });
        // The contract's answer is a stream of JSON lines; a Hub that pretty-prints one JSON object is read too.
        const unread: string[] = [];
        for await (const line of readLines(response.body)) {
          const obj = hubObject(line);
          if (!obj) {
            if (unread.length < 1000) unread.push(line);
            continue;
          }
          const found = this.taskAnswer(obj, upload.context);
          if (found) {
            response.body.destroy();
            return found;
          }
        }
        const whole = hubObject(unread.join('\n'));
        const found = whole && this.taskAnswer(whole, upload.context);
        if (found) return found;
        throw new ProtocolError(`the Hub's answer to ${upload.method} held no task ID (session ${this.sessionId})`);
      },
      onRetry,
    );
  }

  /** A `{"code": 202, "data": {"_id": ...}}` line gives the task; a line with another code is an error. */
  private taskAnswer(obj: Record<string, unknown>, context: ErrorContext): { taskId: string; executor?: Executor } | undefined {
    if (typeof obj.code !== 'number') return undefined;
    const data = (obj.data ?? {}) as Record<string, unknown>;
    const taskId = data._id ?? data.id;
    if (obj.code !== 202) throw this.lineError(obj, context);
    if (typeof taskId !== 'string' || !taskId) {
      throw new ProtocolError(`the Hub accepted ${context.method} but its answer held no task ID (session ${this.sessionId})`);
    }
    const executor = typeof data.executor === 'object' && data.executor ? (data.executor as Executor) : undefined;
    return { taskId, executor };
  }

  /** create / update: uploads, follows the build the Hub runs while answering, and returns the executor. */
  async pushSync(upload: Upload, onRetry: (n: RetryNotice) => void, handlers: SyncHandlers): Promise<Executor> {
    const key = randomUUID();
    const response = await withRetries(
      this.retries,
      () => this.http.call(upload.method, multipartBody(upload.fields, upload.file), { idempotencyKey: key, context: upload.context }),
      onRetry,
    );
    handlers.onAccepted();
    let sn = 0;
    for await (const line of readLines(response.body)) {
      const obj = hubObject(line);
      if (!obj) {
        log.debug(`ignored a line of the Hub's answer that is not a JSON object: ${line.slice(0, 200)}`);
        continue;
      }
      if (typeof obj.code === 'number' && obj.code >= 400) throw this.lineError(obj, upload.context);
      const type = typeof obj.type === 'string' ? obj.type : '';
      switch (type) {
        case 'complete': {
          const payload = obj.payload;
          if (!payload || typeof payload !== 'object') {
            throw new ProtocolError(`the Hub completed ${upload.method} without the executor (session ${this.sessionId})`);
          }
          response.body.destroy();
          return payload as Executor;
        }
        case 'error':
          throw this.lineError(obj, upload.context);
        case 'warning':
          handlers.onWarning(textOf(obj.message ?? obj.payload));
          break;
        case '':
          break;
        default:
          handlers.onLog({ sn: sn++, type, subject: textOf(obj.subject), text: textOf(obj.payload ?? obj.message) });
      }
    }
    throw new ProtocolError(
      `the Hub's answer to ${upload.method} ended before the build completed: the push may not have happened; run the step again (session ${this.sessionId})`,
    );
  }

  /** One queryProgress stream: its lines, parsed. The stream may end or break before the build ends. */
  async *queryProgress(taskId: string, replay: boolean, verbose: boolean, signal: AbortSignal): AsyncGenerator<ProgressLine> {
    const context = { method: 'executor.queryProgress', name: `build task ${taskId}` };
    const response = await this.http.call(
      'executor.queryProgress',
      multipartBody([
        ['id', taskId],
        ['replay', pyBool(replay)],
        ['verbose', pyBool(verbose)],
      ]),
      { signal, context },
    );
    try {
      for await (const line of readLines(response.body)) {
        const obj = hubObject(line);
        if (obj) yield this.progressLine(obj, context);
        else {
          log.debug(`ignored a status line that is not a JSON object: ${line.slice(0, 200)}`);
          yield { kind: 'ignored' };
        }
      }
    } finally {
      response.body.destroy();
    }
  }

  /** The newest build tasks of an executor, newest first. */
  async listTasks(name: string, pageSize: number): Promise<Array<{ _id: string; status?: string; createdAt?: string }>> {
    const context = { method: 'executor.listAsyncTasks', name };
    const response = await withRetries(
      this.retries,
      () =>
        this.http.call(
          'executor.listAsyncTasks',
          multipartBody([
            ['id', name],
            ['sort', '-createdAt'],
            ['pageSize', String(pageSize)],
          ]),
          { context },
        ),
      () => undefined,
    );
    const parsed = hubObject(await readCapped(response.body, MAX_LIST_BYTES));
    if (!parsed) {
      throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks is not a JSON object (session ${this.sessionId})`);
    }
    const data = parsed.data;
    if (!Array.isArray(data)) {
      throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks has no data list (session ${this.sessionId})`);
    }
    return data.filter((t): t is { _id: string } => typeof t?._id === 'string');
  }

  private progressLine(obj: Record<string, unknown>, context: ErrorContext): ProgressLine {
    if (typeof obj.code === 'number' && obj.code >= 400) throw this.lineError(obj, context);
    if (obj.type === 'error') throw this.lineError(obj, context);
    if (obj.type === 'report' && typeof obj.status === 'string') {
      const error = obj.error as { message?: unknown } | undefined;
      const reason = [error?.message, obj.message].find((m) => typeof m === 'string' && m.trim()) as string | undefined;
      return { kind: 'state', status: obj.status, result: obj.result as Executor | undefined, error: reason };
    }
    if (obj.type === 'progress') {
      const outer = (obj.data ?? {}) as { sn?: unknown; data?: { type?: unknown; subject?: unknown; payload?: unknown; message?: unknown } };
      const inner = outer.data ?? {};
      return {
        kind: 'log',
        event: {
          sn: typeof outer.sn === 'number' ? outer.sn : undefined,
          type: typeof inner.type === 'string' ? inner.type : 'console',
          subject: textOf(inner.subject),
          text: textOf(inner.payload ?? inner.message),
        },
      };
    }
    return { kind: 'ignored' };
  }

  private lineError(obj: Record<string, unknown>, context: ErrorContext): HubError {
    const payload = (typeof obj.payload === 'object' && obj.payload ? obj.payload : {}) as Record<string, unknown>;
    const status = [payload.status, obj.status].find((s) => typeof s === 'number') as number | undefined;
    const hubMessage = [obj.readableMessage, obj.message, payload.readableMessage, payload.message].find(
      (m) => typeof m === 'string' && m.trim(),
    ) as string | undefined;
    const httpStatus = typeof obj.code === 'number' ? obj.code : undefined;
    return new HubError(describeHubError({ httpStatus, status, hubMessage }, context, this.sessionId), {
      httpStatus,
      status,
      hubMessage,
      retryable: false,
    });
  }
}

/** A line of the Hub's answer as an object; any secret in it is masked before anything can print it. */
function hubObject(line: string): Record<string, unknown> | undefined {
  const obj = parseLine(line);
  log.addSecretsIn(obj);
  return obj;
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+$/, '');
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}
