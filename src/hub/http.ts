// HTTP to the Hub: one session, the headers of the contract, and retries with backoff.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { addSecretsIn } from '../log.js';
import { tryParseObject } from './ndjson.js';
import { describeHubError, HubError, parseErrorBody, RETRYABLE_HTTP, type ErrorContext } from './errors.js';

export const USER_AGENT = 'hub-push-action/1.0.0';

export interface RequestBody {
  body: string | Buffer | AsyncIterable<Buffer>;
  contentType: string;
  contentLength: number;
}

export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
  context: ErrorContext;
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** The longest Retry-After honoured. */
  maxRetryAfterMs: number;
}

export const UPLOAD_RETRIES: RetryPolicy = { attempts: 5, baseMs: 1000, maxMs: 30_000, maxRetryAfterMs: 120_000 };

/** Network failures worth another try: refused, reset, timed out, name not resolved, socket closed. */
const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export function isNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_NETWORK.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof HubError) return err.details.retryable;
  return isNetworkError(err);
}

export function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? String(err);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: base * 2^(try-1), up to max, times 0.5..1. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export class HubHttp {
  readonly sessionId = randomUUID();
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly registry: string,
    private readonly token: string | undefined,
  ) {
    this.dispatcher = new Agent({
      connect: { timeout: 30_000 },
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
      keepAliveTimeout: 4_000,
    });
  }

  /** One POST to `{registry}/v2/rpc/{method}`. Non-2xx answers become a HubError. */
  async call(method: string, body: RequestBody, options: CallOptions): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      'content-type': body.contentType,
      'content-length': String(body.contentLength),
      'jinameta-session-id': this.sessionId,
      'user-agent': USER_AGENT,
      accept: 'application/json, application/x-ndjson, */*',
    };
    if (this.token) headers.authorization = `token ${this.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    const response = await request(`${this.registry}/v2/rpc/${method}`, {
      method: 'POST',
      headers,
      body: typeof body.body === 'string' || Buffer.isBuffer(body.body) ? body.body : Readable.from(body.body),
      signal: options.signal,
      dispatcher: this.dispatcher,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return response;

    const text = await readCapped(response.body, 64 * 1024);
    addSecretsIn(tryParseObject(text));
    const parsed = parseErrorBody(text);
    throw new HubError(
      describeHubError(
        { httpStatus: response.statusCode, status: parsed.status, hubMessage: parsed.hubMessage },
        options.context,
        this.sessionId,
      ),
      {
        httpStatus: response.statusCode,
        status: parsed.status,
        hubMessage: parsed.hubMessage,
        retryable: RETRYABLE_HTTP.has(response.statusCode),
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      },
    );
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the tries run out. Only 408, 429, 5xx and
 * network failures are tried again; `onRetry` is told why and how long the wait is.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  onRetry: (info: { attempt: number; of: number; waitMs: number; reason: string }) => void,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n >= policy.attempts || !isRetryable(err) || signal?.aborted) throw err;
      const hinted = err instanceof HubError ? err.details.retryAfterMs : undefined;
      const waitMs = hinted !== undefined ? Math.min(hinted, policy.maxRetryAfterMs) : backoffMs(n, policy);
      const reason =
        err instanceof HubError
          ? `HTTP ${err.details.httpStatus ?? '?'}${err.details.hubMessage ? ` ${err.details.hubMessage}` : ''}`
          : describeNetworkError(err);
      onRetry({ attempt: n + 1, of: policy.attempts, waitMs, reason });
      await sleep(waitMs, undefined, { signal });
    }
  }
}

export async function readCapped(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    }
  } catch {
    // a body cut short still tells what it has
  }
  return Buffer.concat(chunks).toString('utf8');
}
