// HTTP to the Hub: one session, the headers of the contract, redirects, proxies, stall timeouts,
// retries with backoff, and for each failure whether the Hub may have acted on the request.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, Pool, ProxyAgent, request, type Dispatcher } from 'undici';
import { isSafeTransport } from '../inputs.js';
import * as log from '../log.js';
import { addSecretsIn } from '../log.js';
import { tryParseObject } from './ndjson.js';
import { describeHubError, HubError, parseErrorBody, RETRYABLE_HTTP, StallError, type ErrorContext } from './errors.js';
import { describeProxy, proxyFor, type ProxyEnv } from './proxy.js';

export const USER_AGENT = 'jina-hub-push-action/1.0.0';

export const DEFAULT_STALL_TIMEOUT_MS = 120_000;
/** Connecting never waits longer than this, nor longer than the stall timeout. */
const MAX_CONNECT_TIMEOUT_MS = 30_000;
/** 307 and 308 hops followed per call; one more is an error. */
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface RequestBody {
  body: string | Buffer | AsyncIterable<Buffer>;
  contentType: string;
  contentLength: number;
}

/** A body, or a factory that makes a fresh one for each send (needed to follow a redirect with a streamed body). */
export type BodySource = RequestBody | (() => RequestBody);

export interface HttpOptions {
  /** An upload or answer that makes no progress for this long is aborted. Default 120 s. */
  stallTimeoutMs?: number;
  /** Where https_proxy, http_proxy and no_proxy are read (default process.env). */
  env?: ProxyEnv;
}

/** An error body is read up to this size, and for no longer than the stall timeout. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
  context: ErrorContext;
  /** Told the bytes of the body sent so far, as they are taken (throttling is the caller's job). */
  onBodyProgress?(sent: number, total: number): void;
  /**
   * The body holds a secret (the executor's secret, build-env values): like the token, it is never
   * sent over plain http to a remote host, and never to another origin after a redirect.
   */
  carriesSecret?: boolean;
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

/** Failures before the connection was made: nothing of the request reached the Hub. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Answers that say the request was not taken: too many requests, or a request the Hub gave up receiving. */
const NOT_TAKEN_HTTP = new Set([408, 429]);

/** How far each failed request got: whether its whole body was handed to the connection. */
const deliveries = new WeakMap<object, { bodyComplete: boolean }>();

function noteDelivery<E>(err: E, bodyComplete: boolean): E {
  if (err !== null && typeof err === 'object') deliveries.set(err, { bodyComplete });
  return err;
}

/**
 * Whether the Hub may have acted on a request that failed: false only when it cannot have (the
 * connection was never made, a 408 or 429, or the answer or failure came before the whole body was
 * sent: an upload is a form whose file comes last); true after an ambiguous failure (the body was
 * sent, then a reset, a 5xx, a stall or a timeout), and when nothing is known.
 */
export function hubMayHaveActed(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined && NOT_CONNECTED.has(code)) return false;
  if (err instanceof HubError && err.details.httpStatus !== undefined && NOT_TAKEN_HTTP.has(err.details.httpStatus)) return false;
  const delivery = err !== null && typeof err === 'object' ? deliveries.get(err) : undefined;
  if (delivery && !delivery.bodyComplete) return false;
  return true;
}

export function isNetworkError(err: unknown): boolean {
  if (err instanceof StallError) return true;
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

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'name lookup failed for now',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection broken',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
  UND_ERR_CLOSED: 'connection closed',
};

/** A network failure in a few words, with its code: `connection reset (ECONNRESET)`. */
export function describeNetworkError(err: unknown): string {
  if (err instanceof StallError) return err.message;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  if (code) return NETWORK_WORDS[code] ? `${NETWORK_WORDS[code]} (${code})` : code;
  return e?.cause?.message ?? e?.message ?? String(err);
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
  /** An upload or answer that makes no progress for this long is aborted (and may be tried again). */
  readonly stallTimeoutMs: number;
  private readonly direct: Dispatcher;
  /** One ProxyAgent per proxy address, made when first needed. */
  private readonly proxies = new Map<string, Dispatcher>();
  private readonly env: ProxyEnv;
  private readonly origin: string;

  constructor(
    readonly registry: string,
    private readonly token: string | undefined,
    options: HttpOptions = {},
  ) {
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.origin = new URL(registry).origin;
    this.env = options.env ?? process.env;
    this.direct = new Agent({
      connect: { timeout: this.connectTimeoutMs },
      headersTimeout: this.stallTimeoutMs,
      bodyTimeout: this.stallTimeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  /** Whether requests to the registry carry a token (then a lost answer can be looked up among the build tasks). */
  get hasToken(): boolean {
    return Boolean(this.token);
  }

  private get connectTimeoutMs(): number {
    return Math.min(MAX_CONNECT_TIMEOUT_MS, this.stallTimeoutMs);
  }

  /** Straight to `url`, or through the proxy the environment names for it (as @actions/http-client chooses). */
  private dispatcherFor(url: URL): Dispatcher {
    const proxy = proxyFor(url, this.env);
    if (!proxy) return this.direct;
    let agent = this.proxies.get(proxy.href);
    if (!agent) {
      const connect = { timeout: this.connectTimeoutMs };
      agent = new ProxyAgent({
        uri: proxy.href,
        proxyTls: connect,
        requestTls: connect,
        headersTimeout: this.stallTimeoutMs,
        bodyTimeout: this.stallTimeoutMs,
        keepAliveTimeout: 4_000,
        // The CONNECT to the proxy is bounded like any other answer.
        clientFactory: (origin, opts) => new Pool(origin, { ...opts, headersTimeout: this.stallTimeoutMs, bodyTimeout: this.stallTimeoutMs }),
      });
      this.proxies.set(proxy.href, agent);
      log.info(`requests to ${url.origin} go through the proxy ${describeProxy(proxy)} (https_proxy / http_proxy; no_proxy names what goes direct)`);
    }
    return agent;
  }

  /**
   * One POST to `{registry}/v2/rpc/{method}`. Non-2xx answers become a HubError. 307 and 308 are
   * followed (at most MAX_REDIRECTS hops) with the same method and a fresh body from `body`;
   * the token is only ever sent to the registry's own origin.
   */
  async call(method: string, body: BodySource, options: CallOptions): Promise<Dispatcher.ResponseData> {
    const nextBody = bodyFactory(body);
    let url = new URL(`${this.registry}/v2/rpc/${method}`);
    for (let hop = 0; ; hop++) {
      const { response, bodyComplete } = await this.send(method, url, nextBody(), options);
      const status = response.statusCode;
      if (status >= 200 && status < 300) return response;
      if (REDIRECTS.has(status)) {
        await readCapped(response.body, MAX_ERROR_BODY_BYTES, this.stallTimeoutMs);
        url = this.redirectTarget(method, url, status, response.headers.location, hop, options);
        continue;
      }

      const text = await readCapped(response.body, MAX_ERROR_BODY_BYTES, this.stallTimeoutMs);
      addSecretsIn(tryParseObject(text));
      const parsed = parseErrorBody(text);
      throw noteDelivery(
        new HubError(
          describeHubError({ httpStatus: status, status: parsed.status, hubMessage: parsed.hubMessage }, options.context, this.sessionId),
          {
            httpStatus: status,
            status: parsed.status,
            hubMessage: parsed.hubMessage,
            retryable: RETRYABLE_HTTP.has(status),
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          },
        ),
        bodyComplete,
      );
    }
  }

  private dispatchers(): Dispatcher[] {
    return [this.direct, ...this.proxies.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.dispatchers().map((d) => d.close().catch(() => undefined)));
  }

  /** Ends every request in flight at once (on cancellation), instead of waiting for them. */
  async destroy(): Promise<void> {
    await Promise.all(this.dispatchers().map((d) => d.destroy().catch(() => undefined)));
  }

  /**
   * One request, watched: a streamed body that is not taken for the stall timeout aborts it. Says
   * whether the whole body had been handed over when the answer came; a failure carries the same
   * (see hubMayHaveActed).
   */
  private async send(method: string, url: URL, body: RequestBody, options: CallOptions): Promise<{ response: Dispatcher.ResponseData; bodyComplete: boolean }> {
    const headers: Record<string, string> = {
      'content-type': body.contentType,
      'content-length': String(body.contentLength),
      'jinameta-session-id': this.sessionId,
      'user-agent': USER_AGENT,
      accept: 'application/json, application/x-ndjson, */*',
    };
    // Never cross-origin: a redirect to another host does not get the token.
    if (this.token && url.origin === this.origin) headers.authorization = `token ${this.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    const watchdog = new Watchdog(this.stallTimeoutMs, `the upload made no progress for ${formatWait(this.stallTimeoutMs)}`);
    const signal = options.signal ? AbortSignal.any([options.signal, watchdog.signal]) : watchdog.signal;
    const inMemory = typeof body.body === 'string' || Buffer.isBuffer(body.body);
    const payload =
      typeof body.body === 'string' || Buffer.isBuffer(body.body)
        ? body.body
        : // objectMode off: the stream reads ahead by one chunk at most, so "taken" means sent.
          Readable.from(watchdog.watch(body.body, body.contentLength, options.onBodyProgress), { objectMode: false });
    // An in-memory body goes out with the request: once connected, it counts as sent.
    const bodyComplete = (): boolean => inMemory || watchdog.sent >= body.contentLength;
    try {
      const response = await request(url, { method: 'POST', headers, body: payload, signal, dispatcher: this.dispatcherFor(url) });
      if (inMemory) options.onBodyProgress?.(body.contentLength, body.contentLength);
      return { response, bodyComplete: bodyComplete() };
    } catch (err) {
      if (watchdog.error) throw noteDelivery(watchdog.error, bodyComplete());
      if (codeOf(err) === 'UND_ERR_HEADERS_TIMEOUT') {
        throw noteDelivery(new StallError(`the Hub sent no answer to ${method} for ${formatWait(this.stallTimeoutMs)}`, { cause: err }), bodyComplete());
      }
      throw noteDelivery(err, bodyComplete());
    } finally {
      // From here on the answer is watched by undici's body timeout; no timer of ours outlives the call.
      watchdog.stop();
    }
  }

  /** Where a 3xx answer points, if it may be followed; otherwise a HubError that says what to do. */
  private redirectTarget(
    method: string,
    from: URL,
    status: number,
    location: string | string[] | undefined,
    hop: number,
    options: CallOptions,
  ): URL {
    const refuse = (sentence: string) =>
      new HubError(`${sentence} (session ${this.sessionId})`, { httpStatus: status, retryable: false });
    const raw = Array.isArray(location) ? location[0] : location;
    let target: URL | undefined;
    try {
      target = raw ? new URL(raw, from) : undefined;
    } catch {
      target = undefined;
    }
    const answered = `the Hub answered ${method} with HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
    if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
      throw refuse(`${answered} but no http(s) Location to follow${raw ? ` (${raw})` : ''}: check the registry input`);
    }
    if (status !== 307 && status !== 308) {
      const base = registryBaseOf(target, method);
      throw refuse(
        `${answered} to ${target.href}, which would turn the upload into a GET: set the registry input to ${base}`,
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw refuse(
        `the Hub redirected ${method} more than ${MAX_REDIRECTS} times (last to ${target.href}): set the registry input to the Hub's final address`,
      );
    }
    if (options.carriesSecret && target.origin !== this.origin) {
      throw refuse(
        `the Hub redirected ${method} to ${target.origin}, another origin, and this upload carries the executor's secret or build-env values, which are only sent to the registry: not followed; if that is the Hub, set the registry input to ${registryBaseOf(target, method)}`,
      );
    }
    if ((this.token || options.carriesSecret) && !isSafeTransport(target.href)) {
      throw refuse(
        `the Hub redirected ${method} to ${target.href}, plain http:// to a remote host, which would send the token or secret in clear text: not followed; use an https:// registry`,
      );
    }
    if (target.origin !== from.origin) {
      log.info(
        `the Hub redirected ${method} to ${target.origin}${target.origin === this.origin ? '' : ' (another origin: the token is not sent there)'}`,
      );
    } else {
      log.debug(`the Hub redirected ${method} to ${target.href} (HTTP ${status})`);
    }
    return target;
  }
}

/** Aborts a request whose streamed body is not taken for `ms`. */
class Watchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  error: StallError | undefined;
  /** Bytes of the streamed body taken so far. */
  sent = 0;

  constructor(
    private readonly ms: number,
    private readonly message: string,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The body, passed through: each chunk taken restarts the clock and is reported to `onProgress`. */
  async *watch(source: AsyncIterable<Buffer>, total: number, onProgress?: (sent: number, total: number) => void): AsyncGenerator<Buffer> {
    this.arm();
    try {
      for await (const chunk of source) {
        yield chunk;
        // The consumer asked for more: this chunk is taken.
        this.sent += chunk.length;
        this.arm();
        onProgress?.(this.sent, total);
      }
    } finally {
      this.disarm();
    }
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.error = new StallError(this.message);
      this.controller.abort(this.error);
    }, this.ms);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function bodyFactory(body: BodySource): () => RequestBody {
  if (typeof body === 'function') return body;
  let used = false;
  return () => {
    if (used && typeof body.body !== 'string' && !Buffer.isBuffer(body.body)) {
      throw new Error('a streamed request body cannot be sent twice: pass a body factory to call()');
    }
    used = true;
    return body;
  };
}

/** What to set `registry` to, from the address a method moved to: the part before `/v2/rpc/{method}`. */
function registryBaseOf(target: URL, method: string): string {
  const suffix = `/v2/rpc/${method}`;
  const path = target.pathname.endsWith(suffix) ? target.pathname.slice(0, -suffix.length) : target.pathname;
  return `${target.origin}${path}`.replace(/\/+$/, '');
}

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A wait as people write it: `2s`, `0.3s`, `2m`. */
export function formatWait(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${(ms / 1000).toFixed(1)}s`;
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
      const waitMs = retryWaitMs(err, n, policy);
      onRetry({ attempt: n + 1, of: policy.attempts, waitMs, reason: describeFailure(err) });
      await sleep(waitMs, undefined, { signal });
    }
  }
}

/** How long to wait before try n + 1: the Hub's Retry-After (capped), else backoff. */
export function retryWaitMs(err: unknown, n: number, policy: RetryPolicy): number {
  const hinted = err instanceof HubError ? err.details.retryAfterMs : undefined;
  return hinted !== undefined ? Math.min(hinted, policy.maxRetryAfterMs) : backoffMs(n, policy);
}

/** A failed try in a few words: `HTTP 503 Service Unavailable`, `connection reset (ECONNRESET)`. */
export function describeFailure(err: unknown): string {
  return err instanceof HubError ? describeHttpFailure(err) : describeNetworkError(err);
}

/** `HTTP 503 Service Unavailable`, with the Hub's own words when it gave some. */
function describeHttpFailure(err: HubError): string {
  const status = err.details.httpStatus;
  const head = status === undefined ? 'HTTP error' : `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
  return err.details.hubMessage ? `${head}: ${err.details.hubMessage}` : head;
}

/**
 * At most `limit` bytes of a body, read for at most `timeMs`: what is left is not read (the body is
 * destroyed), so an answer that never ends cannot hold the step.
 */
export async function readCapped(body: AsyncIterable<Buffer> & { destroy?(err?: Error): unknown }, limit: number, timeMs?: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = timeMs === undefined ? undefined : setTimeout(() => body.destroy?.(new StallError('the answer took too long')), timeMs);
  try {
    for await (const chunk of body) {
      chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
      if (size >= limit) break; // leaving the loop destroys the rest
    }
  } catch {
    // a body cut short still tells what it has
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
