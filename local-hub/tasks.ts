/** Build tasks: creation, log events, status changes, and subscriptions to both (in order). */
import { objectId } from './ids.js';
import type { Executor, LogData, Task, TaskItem, TaskKind, TaskSnapshot, TaskStatus, UploadRequest } from './types.js';

export function newTask(executor: Executor | null, kind: TaskKind, upload: UploadRequest): Task {
  return {
    _id: objectId(),
    executorId: executor?.id ?? null,
    executorName: executor?.name ?? null,
    kind,
    method: upload.method,
    status: 'pending',
    createdAt: new Date().toISOString(),
    log: [],
    upload,
    listeners: new Set(),
  };
}

function emit(task: Task, item: TaskItem): void {
  for (const listener of [...task.listeners]) listener(item);
}

export function appendLog(task: Task, data: LogData): void {
  const event = { sn: task.log.length, dt: Date.now(), data };
  task.log.push(event);
  emit(task, { kind: 'log', event });
}

export function setStatus(task: Task, status: TaskStatus): void {
  if (task.status === status) return;
  task.status = status;
  emit(task, { kind: 'status', status });
}

/** Calls `listener` for every later log event and status change; returns the unsubscribe function. */
export function subscribe(task: Task, listener: (item: TaskItem) => void): () => void {
  task.listeners.add(listener);
  return () => task.listeners.delete(listener);
}

export function taskSnapshot(task: Task): TaskSnapshot {
  const snap: TaskSnapshot = {
    _id: task._id,
    executorId: task.executorId,
    executorName: task.executorName,
    kind: task.kind,
    method: task.method,
    status: task.status,
    createdAt: task.createdAt,
    log: structuredClone(task.log),
  };
  if (task.result) snap.result = structuredClone(task.result);
  if (task.error) snap.error = { ...task.error };
  return snap;
}
