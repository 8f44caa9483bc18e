/** NDJSON answer streams: queryProgress, synchronous builds, the async task line, and garbage answers. */
import type { ServerResponse } from 'node:http';
import { hostilePayloads } from './hostile.js';
import { subscribe } from './tasks.js';
import type { Faults, LogEvent, StatusStep, Task, TaskItem } from './types.js';
import { TERMINAL } from './types.js';

const NDJSON = { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' };

/** Open streams, so that close() and reset() can end them. */
export class StreamRegistry {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  endAll(): void {
    for (const end of [...this.open]) end();
    this.open.clear();
  }
}

export function reportLine(task: Task): Record<string, unknown> {
  const line: Record<string, unknown> = {
    type: 'report',
    status: task.status,
    task: { _id: task._id, executor: task.executorId, status: task.status, createdAt: task.createdAt },
  };
  if (task.status === 'succeeded' && task.result && task.reportWithoutResult !== true) line['result'] = task.result;
  if (task.status === 'failed') {
    const message = task.error?.message ?? 'build failed';
    line['error'] = { message };
    line['message'] = message;
  }
  return line;
}

function progressLine(event: LogEvent): Record<string, unknown> {
  return { type: 'progress', data: event };
}

/** The answer of createAsync/updateAsync: the task line, then the end. */
export function answerAsync(res: ServerResponse, task: Task, executor: { id: string; name: string } | null): void {
  const data = { _id: task._id, ...(executor === null ? {} : { executor: { id: executor.id, name: executor.name } }) };
  const text = `${JSON.stringify({ code: 202, data })}\n`;
  res.writeHead(200, { ...NDJSON, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

interface LineWriter {
  write(obj: unknown): void;
  end(): void;
  readonly done: boolean;
}

/** Writes NDJSON lines (after the head is written); with `breakAfter`, destroys the socket after that many lines. */
function lineWriter(res: ServerResponse, breakAfter: number | null, onDone: () => void): LineWriter {
  let lines = 0;
  let stopped = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    stopped = true;
    onDone();
  };
  const cut = (): void => {
    finish();
    res.socket?.destroy();
  };
  res.on('close', finish);
  if (breakAfter === 0) {
    stopped = true;
    res.flushHeaders();
    setImmediate(cut);
  }
  return {
    get done() {
      return stopped;
    },
    write(obj) {
      if (stopped) return;
      lines += 1;
      const text = `${JSON.stringify(obj)}\n`;
      if (breakAfter !== null && lines >= breakAfter) {
        stopped = true;
        res.write(text, () => cut());
      } else {
        res.write(text);
      }
    },
    end() {
      if (stopped) return;
      finish();
      res.end();
    },
  };
}

export interface ProgressOptions {
  replay: boolean;
  streamMs: number;
  breakAfter: number | null;
  registry: StreamRegistry;
  /** Non-JSON lines written first (the 'garbage-line' fault). */
  garbageLines?: number;
}

/**
 * executor.queryProgress: a report line (unless the task already ended), the replayed log when asked,
 * live events and a report per status change; the terminal report ends it. Bounded by streamMs.
 */
export function streamProgress(res: ServerResponse, task: Task, opts: ProgressOptions): void {
  let unsubscribe = (): void => undefined;
  let unregister = (): void => undefined;
  let timer: NodeJS.Timeout | undefined = undefined;
  res.writeHead(200, NDJSON);
  if (opts.garbageLines) res.write(GARBAGE_LINE.repeat(opts.garbageLines));
  const out = lineWriter(res, opts.breakAfter, () => {
    unsubscribe();
    unregister();
    clearTimeout(timer);
  });
  unregister = opts.registry.add(() => out.end());
  const terminal = TERMINAL.has(task.status);
  if (!terminal) out.write(reportLine(task));
  for (const payload of hostilePayloads(task)) out.write({ type: 'progress', data: { data: { type: 'console', subject: 'buildImage', payload } } });
  if (opts.replay) for (const event of task.log) out.write(progressLine(event));
  if (terminal) {
    out.write(reportLine(task));
    out.end();
    return;
  }
  if (out.done) return;
  unsubscribe = subscribe(task, (item: TaskItem) => {
    if (item.kind === 'log') {
      out.write(progressLine(item.event));
      return;
    }
    out.write(reportLine(task));
    if (TERMINAL.has(item.status)) out.end();
  });
  timer = setTimeout(() => out.end(), opts.streamMs);
}

/**
 * executor.create/update/push: the whole build log as build lines, then `complete` with the executor,
 * or `error` with the reason. Always replays from the start, so an idempotent repeat answers the same.
 * `secret`, when given (an anonymous create), is shown in the `complete` payload of this answer only.
 */
export function streamSyncBuild(
  res: ServerResponse,
  task: Task,
  subject: string,
  registry: StreamRegistry,
  secret?: string,
): void {
  let unsubscribe = (): void => undefined;
  let unregister = (): void => undefined;
  res.writeHead(200, NDJSON);
  const out = lineWriter(res, null, () => {
    unsubscribe();
    unregister();
  });
  unregister = registry.add(() => out.end());
  const finish = (): void => {
    if (task.status === 'succeeded' && task.result) {
      const name = task.result.name;
      const shown = task.thinComplete === true ? { name } : task.result;
      const payload = secret === undefined ? shown : { ...shown, secret };
      out.write({ type: 'complete', subject, message: `Successfully pushed ${name}`, payload });
    } else {
      const reason = task.error?.message ?? 'build failed';
      out.write({ type: 'error', subject, message: reason, payload: { status: 50003, message: reason } });
    }
    out.end();
  };
  for (const payload of hostilePayloads(task)) out.write({ type: 'console', subject: 'buildImage', payload });
  for (const event of task.log) out.write(event.data);
  if (TERMINAL.has(task.status)) {
    finish();
    return;
  }
  unsubscribe = subscribe(task, (item: TaskItem) => {
    if (item.kind === 'log') out.write(item.event.data);
    else if (TERMINAL.has(item.status)) finish();
  });
}

const GARBAGE_LINE = '<<garbage: this line is not JSON>>\n';
const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n';

/** A broken queryProgress answer, for robustness tests. 'garbage-line' is one non-JSON line before the normal stream. */
export function writeGarbage(res: ServerResponse, kind: NonNullable<Faults['queryProgressGarbage']>): boolean {
  switch (kind) {
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML_PAGE);
      return true;
    case 'truncated-json':
      res.writeHead(200, NDJSON);
      res.end('{"type":"report","status":"runn');
      return true;
    case 'empty':
      res.writeHead(200, NDJSON);
      res.end();
      return true;
    case 'garbage-line':
      return false;
  }
}

/** One JSON object line of exactly `bytes` bytes (newline included, at least a few dozen). */
export function hugeLine(bytes: number): string {
  const head = '{"type":"padding","data":"';
  const tail = '"}\n';
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

/**
 * The answer of a statusSequence step that replaces the normal stream; false when the step only
 * alters the normal stream ('pass', 'break', 'garbage-line' with beforeStream), which the caller then writes.
 */
export function writeStatusFault(res: ServerResponse, step: StatusStep, registry: StreamRegistry): boolean {
  switch (step.mode) {
    case 'pass':
    case 'break':
    case 'endless': // written by faults.ts endlessProgress
      return false;
    case 'html':
    case 'truncated-json':
    case 'empty':
      return writeGarbage(res, step.mode);
    case 'garbage-line':
      if (step.beforeStream === true) return false;
      res.writeHead(200, NDJSON);
      res.end(GARBAGE_LINE.repeat(Math.max(1, step.lines ?? 1)));
      return true;
    case 'huge-line':
      res.writeHead(200, NDJSON);
      res.end(hugeLine(step.bytes ?? 5_000_000));
      return true;
    case 'stall': {
      res.writeHead(200, NDJSON);
      res.flushHeaders();
      const socket = res.socket;
      const unregister = registry.add(() => socket?.destroy());
      res.on('close', unregister);
      return true;
    }
  }
}
