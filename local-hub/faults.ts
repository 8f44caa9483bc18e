/** The upload faults of the local Hub (uploadSequence / uploadFailures) and the shape check of POST /_hub/faults. */
import { ServerResponse, type IncomingMessage } from 'node:http';
import { HubError, sendJson } from './errors.js';
import type { StreamRegistry } from './streams.js';
import type { Faults, RecordedRequest, UploadStep } from './types.js';

const UPLOAD_MODES: ReadonlySet<string> = new Set(['pass', 'status', 'reset', 'stall', 'slow-answer', 'html', 'redirect', 'answer-lost', 'pretty-answer', 'endless-error']);
const STATUS_MODES: ReadonlySet<string> = new Set(['pass', 'html', 'truncated-json', 'garbage-line', 'empty', 'huge-line', 'stall', 'break', 'endless']);
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The Hub's `status` field for an injected HTTP status. */
const HUB_STATUS: Record<number, number> = { 400: 40001, 401: 40102, 403: 40301, 404: 40403, 500: 50001, 502: 42205, 503: 50001, 504: 42205 };

export const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in</h1><p>This page is not the Hub API.</p></body></html>\n';

/** What a step did, for RecordedRequest.fault. */
export function describeUploadStep(step: UploadStep): string | null {
  switch (step.mode) {
    case 'pass':
      return null;
    case 'status':
      return `upload status ${step.status ?? 503}`;
    case 'reset':
    case 'stall':
      return `upload ${step.mode}${step.afterBytes === undefined ? '' : ` after ${step.afterBytes} bytes`}`;
    case 'slow-answer':
      return `upload slow-answer ${step.delayMs}ms`;
    case 'html':
      return `upload html ${step.status ?? 200}`;
    case 'redirect':
      return `upload redirect ${step.status ?? 307} ${step.to}`;
    case 'answer-lost':
      return `upload processed, answer lost (${step.reset === true ? 'reset' : `HTTP ${step.status ?? 502}`})`;
    case 'pretty-answer':
      return 'upload answered pretty-printed';
    case 'endless-error':
      return `upload status ${step.status ?? 500}, its body never ends`;
  }
}

/**
 * The 'endless' status fault: a progress line every `delayMs`, on and on, never a terminal report;
 * close()/reset() end it.
 */
export function endlessProgress(res: ServerResponse, delayMs: number, streams: StreamRegistry): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
  let sn = 0;
  const timer = setInterval(() => {
    const line = { type: 'progress', data: { sn, dt: sn * delayMs, data: { type: 'console', subject: 'build', payload: `still building (${sn})` } } };
    sn += 1;
    res.write(`${JSON.stringify(line)}\n`);
  }, Math.max(1, delayMs));
  const unregister = streams.add(() => res.destroy());
  res.on('close', () => {
    clearInterval(timer);
    unregister();
  });
}

/** Writes what the handler answers with each JSON line pretty-printed, and fields no client knows added. */
function prettyPrint(res: ServerResponse): void {
  const write = ServerResponse.prototype.write.bind(res) as (chunk: string) => boolean;
  const end = ServerResponse.prototype.end.bind(res) as (chunk?: string) => ServerResponse;
  const writeHead = ServerResponse.prototype.writeHead.bind(res) as (status: number, headers?: Record<string, string>) => ServerResponse;
  let pending = '';
  const pretty = (text: string): string => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    return lines.map((line) => `${reformat(line)}\n`).join('');
  };
  const swallow = res as unknown as Record<string, unknown>;
  swallow['writeHead'] = (status: number, headers: Record<string, string> = {}) => {
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
    return writeHead(status, kept);
  };
  swallow['write'] = (chunk: string | Buffer, ...rest: unknown[]) => {
    const out = pretty(String(chunk));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (out === '') {
      done?.();
      return true;
    }
    const ok = write(out);
    done?.();
    return ok;
  };
  swallow['end'] = (chunk?: string | Buffer) => {
    const out = pretty(chunk === undefined || typeof chunk === 'function' ? '' : String(chunk)) + (pending ? reformat(pending) : '');
    pending = '';
    return end(out);
  };
}

function reformat(line: string): string {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify({ ...value, servedBy: 'local-hub', trace: { id: 'x-1', spans: [{ name: 'answer', ms: 3 }] } }, null, 2);
  } catch {
    return line;
  }
}

/** The Idempotency-Key of a request, when the Hub is told to honour it; otherwise undefined (the header is ignored). */
export function honouredKey(req: IncomingMessage, faults: Faults): string | undefined {
  const key = req.headers['idempotency-key'];
  return faults.honourIdempotencyKey === true && typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * Runs the handler of an upload; with an 'answer-lost' step, the upload is processed as usual (its
 * task and build are made) but what the handler answers never leaves: the client gets `status`
 * (default 502) with a JSON error, or a reset, instead. A refusal by the handler is lost the same way.
 */
export async function runUpload(req: IncomingMessage, res: ServerResponse, step: UploadStep | null, handler: () => Promise<void> | void): Promise<void> {
  if (step?.mode === 'pretty-answer') prettyPrint(res);
  if (step?.mode !== 'answer-lost') {
    await handler();
    return;
  }
  // What the handler writes goes nowhere (its build streams keep writing into it until they end).
  const swallow = res as unknown as Record<string, unknown>;
  swallow['writeHead'] = () => res;
  swallow['setHeader'] = () => res;
  swallow['flushHeaders'] = () => undefined;
  swallow['write'] = () => true;
  swallow['end'] = () => res;
  try {
    await handler();
  } catch {
    // refused: lost all the same
  }
  if (step.reset === true) {
    req.socket.destroy();
    return;
  }
  const status = step.status ?? 502;
  const text = JSON.stringify({ code: status, status: HUB_STATUS[status] ?? status * 100 + 1, message: `injected: the answer was lost (HTTP ${status})` });
  const writeHead = ServerResponse.prototype.writeHead.bind(res) as (status: number, headers: Record<string, string>) => ServerResponse;
  writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  const end = ServerResponse.prototype.end.bind(res) as (chunk: string) => ServerResponse;
  end(text);
}

/**
 * Reads `afterBytes` bytes of the body, then reads no more and never answers. The socket stays
 * open until the client gives up, or close()/reset() destroy it.
 */
export function stallUpload(req: IncomingMessage, record: RecordedRequest, afterBytes: number, streams: StreamRegistry): void {
  const socket = req.socket;
  const unregister = streams.add(() => socket.destroy());
  socket.once('close', unregister);
  if (afterBytes <= 0) {
    req.pause();
    return;
  }
  const onData = (chunk: Buffer): void => {
    record.bytesReceived += chunk.length;
    if (record.bytesReceived >= afterBytes) {
      req.off('data', onData);
      req.pause();
    }
  };
  req.on('data', onData);
}

/** Destroys the socket once `afterBytes` body bytes have arrived (0: at once). */
export function resetAfter(req: IncomingMessage, afterBytes: number): void {
  if (afterBytes <= 0) {
    req.socket.destroy();
    return;
  }
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received >= afterBytes) req.socket.destroy();
  });
}

/** Waits `ms`; false when close()/reset() came first. */
export function cancellableDelay(ms: number, streams: StreamRegistry): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unregister();
      resolve(true);
    }, ms);
    const unregister = streams.add(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * After the body was read: answers a step that replaces the normal answer ('status', 'html',
 * 'redirect', 'reset' when the whole body came before the cut). Returns true when it answered.
 */
export function answerUploadStep(req: IncomingMessage, res: ServerResponse, step: UploadStep, urls: { self: string; other: string }): boolean {
  switch (step.mode) {
    case 'pass':
    case 'stall':
    case 'slow-answer':
    case 'answer-lost':
    case 'pretty-answer':
      return false;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'status': {
      const status = step.status ?? 503;
      const headers: Record<string, string> = step.retryAfter !== undefined ? { 'retry-after': step.retryAfter } : {};
      throw new HubError(status, HUB_STATUS[status] ?? status * 100 + 1, step.message ?? `injected upload failure (HTTP ${status})`, undefined, headers);
    }
    case 'html': {
      const status = step.status ?? 200;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(HTML_PAGE)) });
      res.end(HTML_PAGE);
      return true;
    }
    case 'endless-error': {
      // The head of an error body, then more of its message every 100 ms, until the client goes away.
      res.writeHead(step.status ?? 500, { 'content-type': 'application/json; charset=utf-8' });
      res.write(`{"code": ${step.status ?? 500}, "message": "injected: this body never ends `);
      const timer = setInterval(() => res.write('.....'), 100);
      res.on('close', () => clearInterval(timer));
      return true;
    }
    case 'redirect': {
      const status = step.status ?? 307;
      const location = `${step.to === 'other-origin' ? urls.other : urls.self}${req.url ?? '/'}`;
      sendJson(res, status, { code: status, message: `moved to ${location}` }, { location });
      return true;
    }
  }
}

function fail(message: string): never {
  throw new HubError(400, 40001, `faults: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalNumber(step: Record<string, unknown>, key: string, where: string): void {
  const v = step[key];
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) fail(`${where}.${key} must be a number >= 0`);
}

function checkSequence(value: unknown, name: string, modes: ReadonlySet<string>): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) fail(`${name} must be an array of steps`);
  value.forEach((step: unknown, i) => {
    const where = `${name}[${i}]`;
    if (!isObject(step)) fail(`${where} must be an object`);
    if (typeof step['mode'] !== 'string' || !modes.has(step['mode'])) fail(`${where}.mode must be one of ${[...modes].join(', ')}`);
    for (const key of ['count', 'status', 'afterBytes', 'delayMs', 'bytes', 'lines', 'afterLines']) optionalNumber(step, key, where);
    if (step['retryAfter'] !== undefined && typeof step['retryAfter'] !== 'string') fail(`${where}.retryAfter must be a string`);
    if (step['mode'] === 'slow-answer' && typeof step['delayMs'] !== 'number') fail(`${where}.delayMs is required`);
    if (step['reset'] !== undefined && typeof step['reset'] !== 'boolean') fail(`${where}.reset must be a boolean`);
    if (step['mode'] === 'redirect') {
      if (step['to'] !== 'other-origin' && step['to'] !== 'same-origin') fail(`${where}.to must be other-origin or same-origin`);
      if (step['status'] !== undefined && !REDIRECTS.has(step['status'] as number)) fail(`${where}.status must be a redirect status`);
    }
  });
}

/** Checks the shape of the sequences of a POST /_hub/faults body (400 with the path of what is wrong). */
export function checkFaults(f: Record<string, unknown>): Faults {
  checkSequence(f['uploadSequence'], 'uploadSequence', UPLOAD_MODES);
  checkSequence(f['statusSequence'], 'statusSequence', STATUS_MODES);
  const honour = f['honourIdempotencyKey'];
  if (honour !== undefined && honour !== null && typeof honour !== 'boolean') fail('honourIdempotencyKey must be a boolean');
  return f as Faults;
}
