/** The /v2/rpc methods. Each handler throws HubError or answers on `ctx.res`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ownerOf, requireOwner } from './auth.js';
import type { ParsedBody } from './body.js';
import type { BuildRunner } from './builds.js';
import { errors, sendJson } from './errors.js';
import { endlessProgress, honouredKey } from './faults.js';
import { inspectPackage } from './package-check.js';
import { packageView, versionFor } from './publish.js';
import type { HubState } from './state.js';
import { answerAsync, streamProgress, streamSyncBuild, writeGarbage, writeStatusFault } from './streams.js';
import type { StreamRegistry } from './streams.js';
import { newTask } from './tasks.js';
import type { Executor, RecordedRequest, Task, TaskKind, UploadRequest } from './types.js';
import { checkProtected, validateUpload } from './upload.js';
import { isTrue } from './validate.js';

export interface RpcContext {
  req: IncomingMessage;
  res: ServerResponse;
  body: ParsedBody;
  state: HubState;
  runner: BuildRunner;
  streams: StreamRegistry;
  hubUrl: string;
  streamMs: number;
  /** This request as recorded (a handler notes the fault it applied). */
  record: RecordedRequest;
  /** Set by a handler when a task took over the uploaded file. */
  keepFile: boolean;
}

type Handler = (ctx: RpcContext) => Promise<void> | void;

export const UPLOAD_METHODS: ReadonlySet<string> = new Set([
  'executor.createAsync',
  'executor.updateAsync',
  'executor.create',
  'executor.update',
  'executor.push',
]);

function field(ctx: RpcContext, name: string): string | undefined {
  const v = ctx.body.fields[name];
  return v === undefined || v === '' ? undefined : v;
}

function required(ctx: RpcContext, name: string, what: string): string {
  const v = field(ctx, name);
  if (v === undefined) throw errors.badParam(`field ${name} (${what}) is required`);
  return v;
}

/** By ID, `<owner>/<name>`, or name (the caller's own first: see HubState.findExecutor). */
function findOr404(ctx: RpcContext, ref: string, owner: string | null): Executor {
  const executor = ctx.state.findExecutor(ref, { owner, secret: field(ctx, 'secret') });
  if (!executor) throw errors.notFound(`executor ${ref} not found`);
  return executor;
}

const SYNC_SUBJECT: Record<string, string> = {
  'executor.create': 'createExecutor',
  'executor.update': 'updateExecutor',
  'executor.push': 'pushExecutor',
};

/** The secret an anonymous create shows, in the answer to that request only. */
function revealedSecret(ctx: RpcContext, task: Task): string | undefined {
  if (!task.upload.anonymousCreate || task.executorId === null) return undefined;
  return ctx.state.executors.get(task.executorId)?.secret;
}

/** The executor name the uploaded package declares, or null (then its build fails and says why). */
async function packageName(upload: UploadRequest): Promise<string | null> {
  const check = await inspectPackage(upload.filePath, { expectedName: null, dockerfile: upload.dockerfile, buildEnv: upload.buildEnv });
  return check.name;
}

/** Answers a repeated Idempotency-Key with the original answer, when the Hub is told to honour it; true when it did. */
function replayIdempotent(ctx: RpcContext, method: string): boolean {
  const key = honouredKey(ctx.req, ctx.state.faults);
  if (key === undefined) return false;
  const taskId = ctx.state.idempotency.get(key);
  const task = taskId === undefined ? undefined : ctx.state.tasks.get(taskId);
  if (!task) return false;
  if (task.kind === 'async') {
    answerAsync(ctx.res, task, task.executorId === null ? null : { id: task.executorId, name: task.executorName ?? '' });
  } else {
    const subject = SYNC_SUBJECT[task.method] ?? SYNC_SUBJECT[method] ?? 'createExecutor';
    streamSyncBuild(ctx.res, task, subject, ctx.streams, revealedSecret(ctx, task));
  }
  return true;
}

/** Stores a task, remembers its Idempotency-Key, starts its build. */
function launch(ctx: RpcContext, executor: Executor | null, kind: TaskKind, upload: UploadRequest) {
  const task = newTask(executor, kind, upload);
  ctx.state.tasks.set(task._id, task);
  ctx.state.tasksCreated += 1;
  const key = honouredKey(ctx.req, ctx.state.faults);
  if (key !== undefined) ctx.state.idempotency.set(key, task._id);
  ctx.keepFile = true;
  ctx.runner.start(task);
  return task;
}

/**
 * executor.createAsync: a first publish with a token. The name comes from the package; no client sends
 * an `id` (0.26 asserts its absence). When one is sent anyway, the package must declare that name, or
 * the build fails and says so. A name held by another owner is refused (42202), as the async
 * generation's single namespace of names does; executor.push keeps owners apart instead.
 */
const createAsync: Handler = async (ctx) => {
  const owner = requireOwner(ctx.req, ctx.state);
  if (replayIdempotent(ctx, 'executor.createAsync')) return;
  const upload = validateUpload('executor.createAsync', ctx.body, { expectedName: field(ctx, 'id') ?? null, anonymousCreate: false });
  const name = await packageName(upload);
  let executor: Executor | null = null;
  if (name !== null) {
    executor = ctx.state.findOwned(owner, name) ?? null;
    if (!executor && ctx.state.findByName(name)) throw errors.nameOccupied(name);
    if (executor) checkProtected(executor, upload);
    executor ??= ctx.state.createExecutor(name, owner, upload.visibility);
  }
  const task = launch(ctx, executor, 'async', upload);
  answerAsync(ctx.res, task, executor);
};

const updateAsync: Handler = (ctx) => {
  const owner = requireOwner(ctx.req, ctx.state);
  if (replayIdempotent(ctx, 'executor.updateAsync')) return;
  const id = required(ctx, 'id', 'the executor name or id');
  const upload = validateUpload('executor.updateAsync', ctx.body, { expectedName: null, anonymousCreate: false });
  const executor = findOr404(ctx, id, owner);
  const secret = field(ctx, 'secret');
  if (executor.owner !== owner && secret !== executor.secret) {
    throw errors.notAllowed(`operation not allowed: ${executor.name} is not yours and no matching secret was given`);
  }
  checkProtected(executor, upload);
  const task = launch(ctx, executor, 'async', upload);
  answerAsync(ctx.res, task, executor);
};

const create: Handler = async (ctx) => {
  ownerOf(ctx.req, ctx.state); // an unknown token is still refused; a known one is ignored (anonymous)
  if (replayIdempotent(ctx, 'executor.create')) return;
  const upload = validateUpload('executor.create', ctx.body, { expectedName: null, anonymousCreate: true });
  const name = await packageName(upload);
  let executor: Executor | null = null;
  if (name !== null) {
    if (ctx.state.findByName(name)) throw errors.nameOccupied(name);
    executor = ctx.state.createExecutor(name, null, upload.visibility);
  }
  const task = launch(ctx, executor, 'sync', upload);
  streamSyncBuild(ctx.res, task, 'createExecutor', ctx.streams, executor?.secret);
};

/** executor.update: `id` (name or ID) and its `secret`, with or without a token (both generations). */
const update: Handler = (ctx) => {
  const owner = ownerOf(ctx.req, ctx.state);
  if (replayIdempotent(ctx, 'executor.update')) return;
  const id = required(ctx, 'id', 'the executor name or id');
  const secret = required(ctx, 'secret', "the executor's secret");
  const upload = validateUpload('executor.update', ctx.body, { expectedName: null, anonymousCreate: false });
  const executor = findOr404(ctx, id, owner);
  if (secret !== executor.secret) throw errors.notAllowed(`operation not allowed: wrong secret for ${executor.name}`);
  checkProtected(executor, upload);
  const task = launch(ctx, executor, 'sync', upload);
  streamSyncBuild(ctx.res, task, 'updateExecutor', ctx.streams);
};

/**
 * executor.push (push generation): `id` = the executor name; creates or updates the executor of that
 * name in the token owner's namespace (another owner's executor of the same name is another executor),
 * and answers with the build stream. The package must declare that name.
 */
const push: Handler = (ctx) => {
  const owner = requireOwner(ctx.req, ctx.state);
  if (replayIdempotent(ctx, 'executor.push')) return;
  const name = required(ctx, 'id', 'the executor name');
  const upload = validateUpload('executor.push', ctx.body, { expectedName: name, anonymousCreate: false });
  let executor = ctx.state.findOwned(owner, name);
  if (executor) checkProtected(executor, upload);
  executor ??= ctx.state.createExecutor(name, owner, upload.visibility);
  const task = launch(ctx, executor, 'sync', upload);
  streamSyncBuild(ctx.res, task, 'pushExecutor', ctx.streams);
};

/** user.identity.whoami: the token's owner, in every generation. */
const whoami: Handler = (ctx) => {
  const owner = requireOwner(ctx.req, ctx.state);
  sendJson(ctx.res, 200, { code: 200, data: { name: owner, nickname: owner } });
};

const queryProgress: Handler = (ctx) => {
  ownerOf(ctx.req, ctx.state);
  // A statusSequence step, when one is set, replaces the older one-shot hooks for this request.
  const step = ctx.state.takeStatusStep();
  const garbage = step === null ? ctx.state.takeGarbage() : null;
  const fault = step?.mode ?? garbage;
  if (fault !== undefined && fault !== null && fault !== 'pass') ctx.record.fault = `status-stream ${fault}`;
  if (step?.mode === 'endless') return endlessProgress(ctx.res, step.delayMs ?? 100, ctx.streams);
  if (step !== null && writeStatusFault(ctx.res, step, ctx.streams)) return;
  if (garbage !== null && writeGarbage(ctx.res, garbage)) return;
  const id = required(ctx, 'id', 'the task id');
  const task = ctx.state.tasks.get(id);
  if (!task) throw errors.notFound(`task ${id} not found`);
  let breakAfter: number | null = null;
  if (step?.mode === 'break') breakAfter = Math.max(0, step.afterLines ?? 2);
  else if (step === null) breakAfter = ctx.state.takeBreakStream();
  if (breakAfter !== null) ctx.record.fault = `status-stream break after ${breakAfter} lines`;
  streamProgress(ctx.res, task, {
    replay: isTrue(field(ctx, 'replay')),
    streamMs: ctx.streamMs,
    breakAfter,
    registry: ctx.streams,
    garbageLines: step?.mode === 'garbage-line' ? Math.max(1, step.lines ?? 1) : garbage === 'garbage-line' ? 1 : 0,
  });
};

/** Private executors are visible to their owner's token or with their secret only. */
function canSee(executor: Executor, owner: string | null, secret: string | undefined): boolean {
  if (executor.visibility === 'public') return true;
  return (owner !== null && owner === executor.owner) || secret === executor.secret;
}

const listAsyncTasks: Handler = (ctx) => {
  const owner = ownerOf(ctx.req, ctx.state);
  const id = required(ctx, 'id', 'the executor name');
  const executor = findOr404(ctx, id, owner);
  if (!canSee(executor, owner, field(ctx, 'secret'))) throw errors.notFound(`executor ${id} not found`);
  const size = Number.parseInt(field(ctx, 'pageSize') ?? '10', 10);
  const tasks = [...ctx.state.tasks.values()].filter((t) => t.executorId === executor.id);
  if (field(ctx, 'sort') !== 'createdAt') tasks.reverse();
  const data = tasks
    .slice(0, Number.isFinite(size) && size > 0 ? size : 10)
    .map((t) => ({ _id: t._id, status: t.status, createdAt: t.createdAt }));
  sendJson(ctx.res, 200, { data });
};

const getPackage: Handler = (ctx) => {
  const owner = ownerOf(ctx.req, ctx.state);
  const id = required(ctx, 'id', 'the executor name or id');
  const executor = findOr404(ctx, id, owner);
  if (!canSee(executor, owner, field(ctx, 'secret'))) throw errors.notFound(`executor ${id} not found`);
  const tag = field(ctx, 'tag');
  const version = versionFor(executor, tag);
  if (!version) throw errors.notFound(`tag ${tag ?? 'latest'} of executor ${executor.name} not found`);
  sendJson(ctx.res, 200, { data: packageView(executor, version, ctx.hubUrl) });
};

export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['executor.createAsync', createAsync],
  ['executor.updateAsync', updateAsync],
  ['executor.create', create],
  ['executor.update', update],
  ['executor.queryProgress', queryProgress],
  ['executor.listAsyncTasks', listAsyncTasks],
  ['executor.getPackage', getPackage],
  ['executor.push', push],
  ['user.identity.whoami', whoami],
]);
