// The Hub's methods, as the contract (shared/hub-api.md) defines them.
import { randomUUID } from 'node:crypto';
import { Deadline } from './deadline.js';
import { BuildTimeout, describeHubError, HubError, isNotFound, ProtocolError, StallError, type ErrorContext } from './errors.js';
import { jsonBody, multipartBody, type FormFields, type FormFile } from './form.js';
import { HubHttp, UPLOAD_RETRIES, describeFailure, describeNetworkError, formatWait, isNetworkError, readCapped, withRetries, type RetryPolicy } from './http.js';
import { readJsonItems, readLines, tryParseObject as parseLine } from './ndjson.js';
import { hubAheadMs, lookForTask, sendUpload, type ListedTask, type RetryNotice, type TaskListing, type UploadRecovery } from './recover.js';
import * as log from '../log.js';

export type { RetryNotice } from './recover.js';

/** The published executor, as the Hub answers it. */
export interface Executor {
  id?: string;
  name?: string;
  visibility?: string;
  owner?: { name?: string };
  secret?: string;
  commit?: { id?: string; tags?: string[] };
}

/** A published version, as executor.getPackage tells it. */
export interface PublishedVersion {
  executor: Executor;
  md5: string;
}

/** A task list is small; a larger answer is not what the contract describes. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;
/** Lines that are not JSON objects, kept while looking for the task ID (a pretty-printed answer); more is not the contract. */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;
/** An upload's answer (the task line) read in all; more is not the contract. */
const MAX_TASK_ANSWER_BYTES = 8 * 1024 * 1024;
/** Tasks listed when looking for the one a lost answer made. */
const RECOVERY_PAGE = 10;

export type UploadMethod = 'executor.createAsync' | 'executor.updateAsync' | 'executor.create' | 'executor.update' | 'executor.push';

/** What a request without a package tells about one upload method of a Hub. */
export type ProbeAnswer = { has: true } | { has: false } | { inconclusive: string };

/** A whoami answer is a few hundred bytes. */
const MAX_WHOAMI_BYTES = 64 * 1024;

export interface Upload {
  method: UploadMethod;
  fields: FormFields;
  file: FormFile;
  context: ErrorContext;
  /** Told the bytes of the form sent so far, on every try (throttling is the caller's job). */
  onBodyProgress?(sent: number, total: number): void;
  /** Aborts the upload and its retries (e.g. when the workflow is cancelled). */
  signal?: AbortSignal;
  /** create / update: how long the build answer is read, from when the Hub took the upload (input `timeout`). */
  buildTimeoutMs?: number;
  /**
   * How executor.listAsyncTasks names this upload's executor, when the answer is lost (with a token):
   * `<owner>/<name>`, so that another owner's task of the same name is never taken for it. Default:
   * force-update, else the name.
   */
  taskRef?: string;
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
  /**
   * With a token: follows a build task through executor.queryProgress, when the upload's answer was
   * lost and the Hub made this task for it.
   */
  followTask?(taskId: string): Promise<Executor>;
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
    const outcome = await sendUpload(
      this.retries,
      async () => {
        const response = await this.http.call(upload.method, () => multipartBody(upload.fields, upload.file), uploadOptions(upload, key));
        // The answer is one line: a silence ends it after the stall timeout (undici's body timeout), and
        // an answer that trickles on is cut at four times that, whatever the Hub keeps sending.
        const answerMs = 4 * this.http.stallTimeoutMs;
        const deadline = new Deadline(Date.now() + answerMs);
        deadline.signal.addEventListener('abort', () => response.body.destroy(), { once: true });
        try {
          return await this.readTaskAnswer(response.body, upload);
        } catch (err) {
          if (deadline.expired) {
            throw new StallError(`the Hub's answer to ${upload.method} did not end within ${formatWait(answerMs)}`);
          }
          throw err;
        } finally {
          deadline.clear();
          response.body.destroy();
        }
      },
      this.recoveryFor(upload),
      onRetry,
      upload.signal,
    );
    if (outcome.kind === 'answered') return outcome.answer;
    log.info(this.foundLine(upload.method, outcome.reason, outcome.taskId));
    return { taskId: outcome.taskId };
  }

  /** How an upload whose answer was lost is handled: its task looked up (token), or not sent again (none). */
  private recoveryFor(upload: Upload): UploadRecovery {
    const ref = upload.taskRef ?? upload.context.forceUpdate ?? upload.context.name;
    const target = ref ?? 'the executor';
    const session = `session ${this.sessionId}`;
    const lost = (err: unknown) => `the answer to ${upload.method} was lost (${describeFailure(err)}) after the whole upload was sent`;
    return {
      listTasks: this.http.hasToken && ref !== undefined ? () => this.listTaskPage(ref, RECOVERY_PAGE) : undefined,
      notSentAgain: (err) =>
        new HubError(
          upload.method === 'executor.create'
            ? `${lost(err)}, so the Hub may have created ${target}: it was not sent again, because the Hub shows a new executor's secret only once, in that answer; check on the Hub whether ${target} exists (if it does, its secret is lost: publish under another name, or with a token) before you run the step again (${session})`
            : `${lost(err)}, so the Hub may have started a build of ${target}: it was not sent again, because without a token the action cannot look that build up; check the newest version of ${target} on the Hub before you run the step again (${session})`,
          { retryable: false },
        ),
      unknownFate: (err, listErr) =>
        new HubError(
          `${lost(err)}, and the Hub could not be asked whether it started a build (executor.listAsyncTasks: ${describeFailure(listErr)}): it was not sent again; look for the newest build of ${target} with status-only: true before you run the step again (${session})`,
          { retryable: false },
        ),
    };
  }

  private foundLine(method: string, reason: string, taskId: string): string {
    return `the answer to ${method} was lost (${reason}), but the Hub made build task ${taskId} for this upload: following it instead of uploading again (session ${this.sessionId})`;
  }

  /** The task ID from an upload's answer: JSON lines, or one pretty-printed JSON object. */
  private async readTaskAnswer(body: AsyncIterable<Buffer>, upload: Upload): Promise<{ taskId: string; executor?: Executor }> {
    const method = upload.method;
    const unread: string[] = [];
    let unreadBytes = 0;
    let objects = 0;
    let total = 0;
    try {
      for await (const item of readJsonItems(body)) {
        const line = item.text;
        total += line.length;
        if (total > MAX_TASK_ANSWER_BYTES) {
          throw new ProtocolError(
            `the Hub's answer to ${method} went on for more than ${MAX_TASK_ANSWER_BYTES >> 20} MiB without a task ID, which is not what its API sends: check the registry input (session ${this.sessionId})`,
          );
        }
        const obj = item.obj;
        log.addSecretsIn(obj);
        if (!obj) {
          unreadBytes += line.length;
          if (unreadBytes > MAX_UNREAD_BYTES) {
            throw new ProtocolError(
              `the Hub's answer to ${method} is not the JSON lines its API sends (${startOf(unread[0] ?? line)}, and no task ID in ${MAX_UNREAD_BYTES >> 20} MiB): check the registry input (session ${this.sessionId})`,
            );
          }
          unread.push(line);
          continue;
        }
        objects++;
        const found = this.taskAnswer(obj, upload.context);
        if (found) return found;
      }
    } catch (err) {
      throw this.inAnswer(err, method);
    }
    const whole = hubObject(unread.join('\n'));
    const found = whole && this.taskAnswer(whole, upload.context);
    if (found) return found;
    const what =
      unread.length === 0 && objects === 0
        ? 'was empty'
        : unread.length > 0 && !whole && objects === 0
          ? `is not JSON (${startOf(unread[0] ?? '')})`
          : 'held no task ID';
    throw new ProtocolError(
      `the Hub's answer to ${method} ${what}: the action cannot follow a build without it; check the registry input and run the step again (session ${this.sessionId})`,
    );
  }

  /** An error met while reading an answer, as one sentence naming the method and the session. */
  private inAnswer(err: unknown, method: string): unknown {
    if (err instanceof ProtocolError && !err.message.includes(this.sessionId)) {
      return new ProtocolError(`${err.message} (answer to ${method}, session ${this.sessionId})`);
    }
    return err;
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

  /**
   * create / update (and the push generation's sync uploads): uploads, follows the build the Hub
   * runs while answering, and returns the executor. The answer is read until `upload.buildTimeoutMs`
   * after the Hub took the upload, and never longer.
   */
  async pushSync(upload: Upload, onRetry: (n: RetryNotice) => void, handlers: SyncHandlers): Promise<Executor> {
    const key = randomUUID();
    const began = Date.now();
    const recovery = this.recoveryFor(upload);
    const outcome = await sendUpload(
      this.retries,
      () => this.http.call(upload.method, () => multipartBody(upload.fields, upload.file), uploadOptions(upload, key)),
      recovery,
      onRetry,
      upload.signal,
    );
    if (outcome.kind === 'found') return this.followFound(upload, outcome.taskId, outcome.reason, handlers);
    const response = outcome.answer;
    handlers.onAccepted();
    try {
      return await this.readBuildStream(response.body, upload, handlers, upload.buildTimeoutMs);
    } catch (err) {
      if (isNetworkError(err)) {
        // The Hub took the upload: sending it again could start a second build. With a token, the
        // build it started is looked up and followed instead.
        if (recovery.listTasks && handlers.followTask) {
          const taskId = await lookForTask(recovery, began, [0], err, upload.signal);
          if (taskId !== undefined) return this.followFound(upload, taskId, describeNetworkError(err), handlers);
        }
        const how =
          (err as { code?: unknown }).code === 'UND_ERR_BODY_TIMEOUT'
            ? `went silent for ${formatWait(this.http.stallTimeoutMs)} (raise stall-timeout if builds are quiet for longer)`
            : `broke (${describeNetworkError(err)})`;
        throw new HubError(
          `the Hub's answer to ${upload.method} ${how} while it built: the build may still finish at the Hub; run the step again (session ${this.sessionId})`,
          { retryable: false },
        );
      }
      throw this.inAnswer(err, upload.method);
    } finally {
      response.body.destroy();
    }
  }

  private async followFound(upload: Upload, taskId: string, reason: string, handlers: SyncHandlers): Promise<Executor> {
    if (!handlers.followTask) {
      throw new HubError(
        `the answer to ${upload.method} was lost (${reason}), but the Hub made build task ${taskId} for this upload: look it up with task-id: ${taskId} (session ${this.sessionId})`,
        { retryable: false },
      );
    }
    log.info(this.foundLine(upload.method, reason, taskId));
    return handlers.followTask(taskId);
  }

  private buildTimeout(upload: Upload, timeoutMs: number): BuildTimeout {
    const waited = formatWait(timeoutMs);
    const name = upload.context.forceUpdate ?? upload.context.name ?? 'the executor';
    const rest =
      upload.method === 'executor.create'
        ? `; the Hub gives a new executor's secret only at the end of the answer the action stopped reading, so if the build succeeds that secret is lost: raise timeout, or publish with a token`
        : `; raise timeout, or look up the newest version of ${name} on the Hub`;
    return new BuildTimeout(`the build did not end within ${waited}: it goes on at the Hub${rest} (session ${this.sessionId})`, { retryable: false });
  }

  /**
   * The build stream of a sync upload (create, update, push): its log and warnings passed on, the
   * executor of `complete` returned. Read for `timeoutMs` at most (then a BuildTimeout: the build goes
   * on at the Hub), and each read for the stall timeout at most.
   */
  private async readBuildStream(
    body: AsyncIterable<Buffer> & { destroy(): unknown },
    upload: Upload,
    handlers: SyncHandlers,
    timeoutMs: number | undefined,
  ): Promise<Executor> {
    const deadline = timeoutMs === undefined ? undefined : new Deadline(Date.now() + timeoutMs);
    deadline?.signal.addEventListener('abort', () => body.destroy(), { once: true });
    try {
      return await this.readBuildEvents(body, upload, handlers);
    } catch (err) {
      if (deadline?.expired) throw this.buildTimeout(upload, timeoutMs as number);
      throw err;
    } finally {
      deadline?.clear();
    }
  }

  private async readBuildEvents(body: AsyncIterable<Buffer>, upload: Upload, handlers: SyncHandlers): Promise<Executor> {
    const method = upload.method;
    let sn = 0;
    let objects = 0;
    let first: string | undefined;
    for await (const item of readJsonItems(body)) {
      const obj = item.obj;
      log.addSecretsIn(obj);
      if (!obj) {
        first ??= item.text;
        log.debug(`ignored a line of the Hub's answer that is not a JSON object: ${log.cut(item.text, 200)}`);
        continue;
      }
      objects++;
      if (typeof obj.code === 'number' && obj.code >= 400) throw this.lineError(obj, upload.context);
      const type = typeof obj.type === 'string' ? obj.type : '';
      switch (type) {
        case 'complete': {
          const payload = obj.payload;
          if (!payload || typeof payload !== 'object') {
            throw new ProtocolError(`the Hub completed ${method} without the executor (session ${this.sessionId})`);
          }
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
          await log.drained(); // a flood of log lines waits for stdout's reader instead of filling memory
      }
    }
    if (objects === 0) {
      throw new ProtocolError(
        `the Hub's answer to ${method} ${first === undefined ? 'was empty' : `is not JSON (${startOf(first)})`}: check the registry input and run the step again (session ${this.sessionId})`,
      );
    }
    throw new ProtocolError(
      `the Hub's answer to ${method} ended before the build completed: the push may not have happened; run the step again (session ${this.sessionId})`,
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
          log.debug(`ignored a status line that is not a JSON object: ${log.cut(line, 200)}`);
          yield { kind: 'ignored' };
        }
      }
    } catch (err) {
      throw this.inAnswer(err, `${context.method} for task ${taskId}`);
    } finally {
      response.body.destroy();
    }
  }

  /** The newest build tasks of an executor, newest first. */
  async listTasks(name: string, pageSize: number, policy: RetryPolicy = this.retries): Promise<ListedTask[]> {
    return (await this.listTaskPage(name, pageSize, policy)).tasks;
  }

  /** The newest build tasks of an executor, newest first, with the Hub's clock as its Date header gives it. */
  async listTaskPage(name: string, pageSize: number, policy: RetryPolicy = this.retries): Promise<TaskListing> {
    const context = { method: 'executor.listAsyncTasks', name };
    const response = await withRetries(
      policy,
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
    const ahead = hubAheadMs(response.headers.date, Date.now());
    const parsed = hubObject(await readCapped(response.body, MAX_LIST_BYTES, this.http.stallTimeoutMs));
    if (!parsed) {
      throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks is not a JSON object (session ${this.sessionId})`);
    }
    const data = parsed.data;
    if (!Array.isArray(data)) {
      throw new ProtocolError(`the Hub's answer to executor.listAsyncTasks has no data list (session ${this.sessionId})`);
    }
    return { tasks: data.filter((t): t is ListedTask => typeof t?._id === 'string'), hubAheadMs: ahead };
  }

  /**
   * What a tag of an executor holds now (executor.getPackage), or undefined when the executor or
   * that tag does not exist (404 / 40403).
   */
  async getPackage(ref: string, tag?: string): Promise<PublishedVersion | undefined> {
    const data = await this.packageData(ref, tag);
    if (!data) return undefined;
    const pkg = data.package as { md5?: unknown } | undefined;
    if (typeof pkg?.md5 !== 'string') {
      throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref}${tag ? `:${tag}` : ''} has no package md5 (session ${this.sessionId})`);
    }
    return { executor: data as Executor, md5: pkg.md5.toLowerCase() };
  }

  /** The executor `ref` (an ID, `<owner>/<name>` or a name) as executor.getPackage tells it, or undefined when the Hub has none (404 / 40403). */
  async findExecutor(ref: string, tag?: string, secret?: string): Promise<Executor | undefined> {
    const data = await this.packageData(ref, tag, secret);
    if (!data) return undefined;
    if (typeof data.id !== 'string' || !data.id || typeof data.name !== 'string' || !data.name) {
      throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref} names no executor (no id or name) (session ${this.sessionId})`);
    }
    return data as Executor;
  }

  private async packageData(ref: string, tag: string | undefined, secret?: string): Promise<Record<string, unknown> | undefined> {
    const context = { method: 'executor.getPackage', name: ref };
    let response;
    try {
      response = await withRetries(
        this.retries,
        () =>
          this.http.call('executor.getPackage', jsonBody({ id: ref, ...(tag ? { tag } : {}), ...(secret ? { secret } : {}), include: ['code'] }), {
            context,
            carriesSecret: secret !== undefined,
          }),
        () => undefined,
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const parsed = hubObject(await readCapped(response.body, MAX_LIST_BYTES, this.http.stallTimeoutMs));
    const data = parsed?.data;
    if (!data || typeof data !== 'object') {
      throw new ProtocolError(`the Hub's answer to executor.getPackage for ${ref}${tag ? `:${tag}` : ''} has no data (session ${this.sessionId})`);
    }
    return data as Record<string, unknown>;
  }

  /** The token owner's user name (user.identity.whoami): the owner in `jinaai://<owner>/<name>`. Retried like every read. */
  async whoami(): Promise<string> {
    const context = { method: 'user.identity.whoami', name: 'the token' };
    const response = await withRetries(
      this.retries,
      () => this.http.call('user.identity.whoami', jsonBody({}), { context }),
      () => undefined,
    );
    const parsed = hubObject(await readCapped(response.body, MAX_WHOAMI_BYTES, this.http.stallTimeoutMs));
    const data = parsed?.data as { name?: unknown } | undefined;
    if (typeof data?.name !== 'string' || !data.name.trim()) {
      throw new ProtocolError(`the Hub's answer to user.identity.whoami has no user name (session ${this.sessionId})`);
    }
    return data.name.trim();
  }

  /**
   * Whether the Hub has an upload method, asked with a request that carries no package (no file part,
   * no field): a Hub that has it answers 400 (40001), one without it 404 naming the method. Nothing
   * can be created by it. Retried like every read.
   */
  async probe(method: UploadMethod): Promise<ProbeAnswer> {
    const context = { method, name: 'a request without a package' };
    let response;
    try {
      response = await withRetries(this.retries, () => this.http.call(method, multipartBody([]), { context }), () => undefined);
    } catch (err) {
      if (!(err instanceof HubError)) throw err;
      const { httpStatus, status, hubMessage } = err.details;
      if (httpStatus === 400 || status === 40001) return { has: true };
      // A Hub that wants a login for the method has it.
      if (status === 40101 || status === 40102 || status === 40103) return { has: true };
      if (httpStatus === 404 && (hubMessage?.includes(method) || status !== undefined)) return { has: false };
      const said = hubMessage ? `: ${hubMessage}` : '';
      return { inconclusive: `${method} without a package was answered HTTP ${httpStatus ?? '?'}${status ? ` (${status})` : ''}${said}` };
    }
    // Read to its end (at most a little; more is cut off), so that nothing is left to fail later.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return { inconclusive: `${method} without a package was answered HTTP ${response.statusCode}, not the contract's 400 or 404` };
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

function uploadOptions(upload: Upload, idempotencyKey: string) {
  return {
    idempotencyKey,
    context: upload.context,
    carriesSecret: upload.fields.some(([name]) => name === 'secret' || name === 'buildEnv'),
    onBodyProgress: upload.onBodyProgress,
    signal: upload.signal,
  };
}

/** How an answer that is not the contract's begins, for the sentence that says so. */
function startOf(line: string): string {
  // Scrubbed before it is cut: a cut secret would no longer be found.
  return `it starts with ${JSON.stringify(log.cut(line.trim(), 60))}`;
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
