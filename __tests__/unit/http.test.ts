import assert from 'node:assert/strict';
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import { HubClient, type Upload } from '../../src/hub/client.js';
import { BuildTimeout, HubError, ProtocolError, StallError } from '../../src/hub/errors.js';
import { waitForBuild } from '../../src/hub/progress.js';
import { hubAheadMs, newestSince } from '../../src/hub/recover.js';
import { bypassesProxy, proxyFor } from '../../src/hub/proxy.js';
import { startProxy, type TestProxy } from '../e2e/test-proxy.js';
import { createHash, randomBytes } from 'node:crypto';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { zipOf } from '../zip-buffer.js';
import {
  backoffMs,
  describeNetworkError,
  formatWait,
  HubHttp,
  hubMayHaveActed,
  MAX_REDIRECTS,
  isNetworkError,
  isRetryable,
  parseRetryAfter,
  readCapped,
  USER_AGENT,
  withRetries,
  type RetryPolicy,
} from '../../src/hub/http.js';

const FAST: RetryPolicy = { attempts: 4, baseMs: 1, maxMs: 4, maxRetryAfterMs: 5 };

function hubError(httpStatus: number, retryable: boolean, retryAfterMs?: number): HubError {
  return new HubError(`HTTP ${httpStatus}`, { httpStatus, retryable, retryAfterMs });
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');

  it('reads seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 5 ', now), 5_000);
    assert.equal(parseRetryAfter('0', now), 0);
  });

  it('reads an HTTP date, relative to now', () => {
    assert.equal(parseRetryAfter('Sat, 01 Jun 2024 12:00:30 GMT', now), 30_000);
  });

  it('a date in the past means no wait', () => {
    assert.equal(parseRetryAfter('Sat, 01 Jun 2024 11:00:00 GMT', now), 0);
  });

  it('takes the first of several values', () => {
    assert.equal(parseRetryAfter(['7', '9'], now), 7_000);
  });

  it('gives nothing for garbage or absence', () => {
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter([], now), undefined);
  });
});

describe('backoffMs', () => {
  const policy: RetryPolicy = { attempts: 10, baseMs: 100, maxMs: 1_000, maxRetryAfterMs: 0 };

  it('doubles per attempt up to the cap (no jitter at random = 1)', () => {
    const top = () => 1;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, policy, top)),
      [100, 200, 400, 800, 1000, 1000],
    );
  });

  it('jitters between half and all of the ceiling', () => {
    assert.equal(backoffMs(3, policy, () => 0), 200);
    assert.equal(backoffMs(3, policy, () => 0.5), 300);
    assert.equal(backoffMs(10, policy, () => 0), 500);
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(4, policy);
      assert.ok(ms >= 400 && ms <= 800, String(ms));
    }
  });
});

describe('isRetryable', () => {
  it('follows the HubError flag', () => {
    assert.equal(isRetryable(hubError(503, true)), true);
    assert.equal(isRetryable(hubError(400, false)), false);
  });

  it('retries network errors by code, also when wrapped as a cause', () => {
    assert.equal(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
    assert.equal(isRetryable(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } })), true);
    assert.equal(isNetworkError(Object.assign(new Error('x'), { code: 'ENOENT' })), false);
    assert.equal(isNetworkError(new Error('plain')), false);
    assert.equal(isNetworkError(undefined), false);
  });
});

describe('withRetries', () => {
  it('returns the first success without retrying', async () => {
    const notices: number[] = [];
    const got = await withRetries(FAST, async (n) => `ok ${n}`, (i) => notices.push(i.attempt));
    assert.equal(got, 'ok 1');
    assert.deepEqual(notices, []);
  });

  it('retries a 503 HubError and a network error, telling onRetry the attempt numbers', async () => {
    const failures: unknown[] = [hubError(503, true), Object.assign(new Error('reset'), { code: 'ECONNRESET' })];
    const calls: number[] = [];
    const notices: Array<{ attempt: number; of: number; reason: string }> = [];
    const got = await withRetries(
      FAST,
      async (n) => {
        calls.push(n);
        const f = failures.shift();
        if (f) throw f;
        return 'done';
      },
      (i) => notices.push({ attempt: i.attempt, of: i.of, reason: i.reason }),
    );
    assert.equal(got, 'done');
    assert.deepEqual(calls, [1, 2, 3]);
    assert.deepEqual(
      notices.map((n) => [n.attempt, n.of]),
      [
        [2, 4],
        [3, 4],
      ],
    );
    assert.match(notices[0]?.reason ?? '', /HTTP 503/);
    assert.match(notices[1]?.reason ?? '', /ECONNRESET/);
  });

  it('does not retry a 400 HubError', async () => {
    const err = hubError(400, false);
    let calls = 0;
    let notices = 0;
    await assert.rejects(
      withRetries(FAST, async () => {
        calls++;
        throw err;
      }, () => notices++),
      (e) => e === err,
    );
    assert.equal(calls, 1);
    assert.equal(notices, 0);
  });

  it('does not retry an ordinary error', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(FAST, async () => {
        calls++;
        throw new Error('bug');
      }, () => undefined),
      /bug/,
    );
    assert.equal(calls, 1);
  });

  it('stops after policy.attempts and throws the last error', async () => {
    let calls = 0;
    const notices: number[] = [];
    await assert.rejects(
      withRetries(FAST, async (n) => {
        calls++;
        throw hubError(502 + (n % 2), true);
      }, (i) => notices.push(i.attempt)),
      (e: unknown) => e instanceof HubError && e.details.httpStatus === 502,
    );
    assert.equal(calls, FAST.attempts);
    assert.deepEqual(notices, [2, 3, 4]);
  });

  it('honours Retry-After, capped at maxRetryAfterMs', async () => {
    const waits: number[] = [];
    const failures = [hubError(429, true, 3), hubError(429, true, 60_000)];
    const started = Date.now();
    await withRetries(
      FAST,
      async () => {
        const f = failures.shift();
        if (f) throw f;
        return 1;
      },
      (i) => waits.push(i.waitMs),
    );
    assert.deepEqual(waits, [3, FAST.maxRetryAfterMs]);
    assert.ok(Date.now() - started < 1_000, 'the capped wait must not be honoured in full');
  });

  it('uses backoff within the policy bounds when there is no Retry-After', async () => {
    const policy: RetryPolicy = { attempts: 3, baseMs: 2, maxMs: 3, maxRetryAfterMs: 1 };
    const waits: number[] = [];
    let n = 0;
    await withRetries(
      policy,
      async () => {
        if (n++ < 2) throw hubError(500, true);
        return 1;
      },
      (i) => waits.push(i.waitMs),
    );
    assert.equal(waits.length, 2);
    assert.ok(waits[0] !== undefined && waits[0] >= 1 && waits[0] <= 2, String(waits[0]));
    assert.ok(waits[1] !== undefined && waits[1] >= 2 && waits[1] <= 3, String(waits[1]));
  });

  it('does not retry once the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    await assert.rejects(
      withRetries(
        FAST,
        async () => {
          calls++;
          controller.abort();
          throw hubError(503, true);
        },
        () => undefined,
        controller.signal,
      ),
      (e: unknown) => e instanceof HubError,
    );
    assert.equal(calls, 1);
  });
});

describe('readCapped', () => {
  it('keeps at most the limit, and what a broken body had', async () => {
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from('hello ');
      yield Buffer.from('world');
      throw new Error('cut');
    }
    assert.equal(await readCapped(body(), 8), 'hello wo');
    assert.equal(await readCapped(body(), 100), 'hello world');
  });
});

describe('HubHttp.call against a local server', () => {
  let server: http.Server;
  let registry: string;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  let reply: (res: http.ServerResponse) => void = (res) => res.end('{}');

  before(async () => {
    server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString() });
        reply(res);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('POSTs to /v2/rpc/{method} with the contract headers', async () => {
    seen.length = 0;
    reply = (res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    };
    const hub = new HubHttp(registry, 'tok-123');
    try {
      const body = Buffer.from('payload');
      const res = await hub.call('executor.createAsync', { body, contentType: 'text/plain', contentLength: body.length }, {
        idempotencyKey: 'key-1',
        context: { method: 'executor.createAsync' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), '{"ok":true}');
      const [req] = seen;
      assert.ok(req);
      assert.equal(req.url, '/v2/rpc/executor.createAsync');
      assert.equal(req.body, 'payload');
      assert.equal(req.headers.authorization, 'token tok-123');
      assert.equal(req.headers['jinameta-session-id'], hub.sessionId);
      assert.match(hub.sessionId, /^[0-9a-f-]{36}$/);
      assert.equal(req.headers['user-agent'], USER_AGENT);
      assert.equal(req.headers['idempotency-key'], 'key-1');
      assert.equal(req.headers['content-length'], '7');
    } finally {
      await hub.close();
    }
  });

  it('sends no authorization without a token', async () => {
    seen.length = 0;
    reply = (res) => res.end('{}');
    const hub = new HubHttp(registry, undefined);
    try {
      const res = await hub.call('executor.queryProgress', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'm' } });
      await res.body.dump();
      assert.equal(seen[0]?.headers.authorization, undefined);
      assert.equal(seen[0]?.headers['idempotency-key'], undefined);
    } finally {
      await hub.close();
    }
  });

  it('turns a 503 into a retryable HubError with Retry-After and the session id', async () => {
    reply = (res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '7');
      res.end(JSON.stringify({ code: 503, status: 50001, message: 'm', readableMessage: 'Hub is restarting' }));
    };
    const hub = new HubHttp(registry, undefined);
    try {
      await assert.rejects(hub.call('executor.create', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'executor.create', name: 'X' } }), (e: unknown) => {
        assert.ok(e instanceof HubError);
        assert.equal(e.details.httpStatus, 503);
        assert.equal(e.details.status, 50001);
        assert.equal(e.details.hubMessage, 'Hub is restarting');
        assert.equal(e.details.retryable, true);
        assert.equal(e.details.retryAfterMs, 7_000);
        assert.ok(e.message.includes(hub.sessionId));
        assert.match(e.message, /Hub is restarting/);
        return true;
      });
    } finally {
      await hub.close();
    }
  });

  it('turns a 422 with status 42202 into a non-retryable HubError that names the executor', async () => {
    reply = (res) => {
      res.statusCode = 422;
      res.end(JSON.stringify({ code: 422, status: 42202, message: 'identifier namespace occupied' }));
    };
    const hub = new HubHttp(registry, 'tok');
    try {
      await assert.rejects(
        hub.call('executor.createAsync', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'executor.createAsync', name: 'Taken' } }),
        (e: unknown) => e instanceof HubError && !e.details.retryable && /Taken/.test(e.message) && /force-update/.test(e.message),
      );
    } finally {
      await hub.close();
    }
  });

  it('a non-JSON error body gives the HTTP code', async () => {
    reply = (res) => {
      res.statusCode = 400;
      res.end('<html>bad</html>');
    };
    const hub = new HubHttp(registry, undefined);
    try {
      await assert.rejects(
        hub.call('executor.create', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'executor.create' } }),
        (e: unknown) => e instanceof HubError && /HTTP 400/.test(e.message) && e.details.retryable === false,
      );
    } finally {
      await hub.close();
    }
  });
});

describe('USER_AGENT', () => {
  it('is the package name and version, as the contract says', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    assert.equal(USER_AGENT, `${pkg.name}/${pkg.version}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Scripted Hubs on 127.0.0.1: stall timeouts, redirects, retries, and answers off the contract.

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  body: Buffer;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

interface Scripted {
  url: string;
  seen: Seen[];
  handle: Handler;
  close(): Promise<void>;
}

/** A server whose answer to the n-th request is `handle(req, res, n)`; `readBody` collects the body first. */
async function scripted(handle: Handler, readBody = true): Promise<Scripted> {
  const state: Scripted = { url: '', seen: [], handle, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const n = state.seen.length;
    const entry: Seen = { url: req.url ?? '', headers: req.headers, bytes: 0, body: Buffer.alloc(0) };
    state.seen.push(entry);
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    if (!readBody) return state.handle(req, res, n);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      entry.bytes += c.length;
      if (entry.bytes <= 1 << 20) parts.push(c);
    });
    req.on('end', () => {
      entry.body = Buffer.concat(parts);
      state.handle(req, res, n);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

const STALL_MS = 300;
const CHUNK = Buffer.alloc(1 << 20, 7);

/** A streamed body of `mb` MiB, made fresh by each call. */
function bigBody(mb: number) {
  return () => ({
    body: (async function* () {
      for (let i = 0; i < mb; i++) yield CHUNK;
    })(),
    contentType: 'application/octet-stream',
    contentLength: mb * CHUNK.length,
  });
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('formatWait and describeNetworkError', () => {
  it('writes waits as the inputs are written', () => {
    assert.equal(formatWait(300), '0.3s');
    assert.equal(formatWait(2_000), '2s');
    assert.equal(formatWait(120_000), '2m');
    assert.equal(formatWait(90_000), '90s');
  });

  it('says what a network failure is, with its code', () => {
    assert.equal(describeNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), 'connection refused (ECONNREFUSED)');
    assert.equal(describeNetworkError(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })), 'host name not found (ENOTFOUND)');
    assert.equal(describeNetworkError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' })), 'name lookup failed for now (EAI_AGAIN)');
    assert.equal(describeNetworkError(new StallError('the upload made no progress for 2s')), 'the upload made no progress for 2s');
  });

  it('DNS failures and stalls are retried', () => {
    assert.equal(isRetryable(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), true);
    assert.equal(isRetryable(Object.assign(new Error('x'), { code: 'EAI_AGAIN' })), true);
    assert.equal(isRetryable(new StallError('stalled')), true);
  });

  it('a retried HTTP failure is named by its status line', async () => {
    const reasons: string[] = [];
    const failures = [hubError(503, true), new HubError('x', { httpStatus: 429, hubMessage: 'slow down', retryable: true })];
    await withRetries(
      FAST,
      async () => {
        const f = failures.shift();
        if (f) throw f;
        return 1;
      },
      (i) => reasons.push(i.reason),
    );
    assert.deepEqual(reasons, ['HTTP 503 Service Unavailable', 'HTTP 429 Too Many Requests: slow down']);
  });
});

describe('HubHttp: stall timeout', () => {
  it('aborts an upload the Hub stops reading, with a retryable StallError, and reports progress', async () => {
    const hub = await scripted(() => undefined, false); // takes the request, reads nothing, never answers
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: STALL_MS });
    const before = timeouts();
    const progress: Array<[number, number]> = [];
    const started = Date.now();
    try {
      await assert.rejects(
        http2.call('executor.createAsync', bigBody(64), {
          context: { method: 'executor.createAsync' },
          onBodyProgress: (sent, total) => progress.push([sent, total]),
        }),
        (e: unknown) => {
          assert.ok(e instanceof StallError, String(e));
          assert.equal(e.message, 'the upload made no progress for 0.3s');
          assert.equal(isRetryable(e), true);
          return true;
        },
      );
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      assert.ok(progress.length > 0, 'progress was reported');
      assert.ok(progress.every(([, total]) => total === 64 * CHUNK.length));
      const sent = progress.map(([s]) => s);
      assert.deepEqual(sent, [...sent].sort((a, b) => a - b));
      assert.ok((sent.at(-1) ?? 0) < 64 * CHUNK.length, 'the upload did not finish');
    } finally {
      await http2.close();
      await hub.close();
    }
    assert.ok(timeouts() <= before, 'no timer of the call is left running');
  });

  it('an answer that comes before the upload ends stops the watch: the answer is read in full', async () => {
    const hub = await scripted((_req, res) => {
      // Answers at once, reads none of the upload, and streams its answer slower than the stall timeout in total.
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      let n = 0;
      const tick = setInterval(() => {
        res.write(`{"n":${n}}\n`);
        if (++n === 6) {
          clearInterval(tick);
          res.end();
        }
      }, 100);
    }, false);
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: STALL_MS });
    const before = timeouts();
    try {
      const res = await http2.call('executor.createAsync', bigBody(64), { context: { method: 'executor.createAsync' } });
      const text = await res.body.text();
      assert.equal(text.trim().split('\n').length, 6);
    } finally {
      await http2.close();
      await hub.close();
    }
    assert.ok(timeouts() <= before, 'no timer of the call is left running');
  });

  it('a stalled upload is tried again with the same Idempotency-Key, and the retry gets through', async () => {
    const hub = await scripted((req, res, n) => {
      if (n === 0) return; // first try: never read, never answer
      req.resume();
      req.on('end', () => res.end('{"ok":true}'));
    }, false);
    const http2 = new HubHttp(hub.url, 'tok', { stallTimeoutMs: STALL_MS });
    const notices: string[] = [];
    try {
      const res = await withRetries(
        FAST,
        () => http2.call('executor.createAsync', bigBody(48), { idempotencyKey: 'k-1', context: { method: 'executor.createAsync' } }),
        (i) => notices.push(i.reason),
      );
      assert.equal(await res.body.text(), '{"ok":true}');
      assert.deepEqual(notices, ['the upload made no progress for 0.3s']);
      assert.equal(hub.seen.length, 2);
      assert.deepEqual(
        hub.seen.map((r) => r.headers['idempotency-key']),
        ['k-1', 'k-1'],
      );
    } finally {
      await http2.close();
      await hub.close();
    }
  });

  it('a Hub that takes the upload and never answers ends in a StallError', async () => {
    const hub = await scripted(() => undefined);
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: STALL_MS });
    const body = Buffer.from('x');
    try {
      await assert.rejects(
        http2.call('executor.create', { body, contentType: 'text/plain', contentLength: 1 }, { context: { method: 'executor.create' } }),
        (e: unknown) => e instanceof StallError && /no answer to executor\.create for 0\.3s/.test(e.message) && isRetryable(e),
      );
    } finally {
      await http2.close();
      await hub.close();
    }
  });

  it('an answer that goes silent breaks with a retryable body timeout', async () => {
    const hub = await scripted((_req, res) => {
      res.write('{"partial":');
    });
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: STALL_MS });
    try {
      const res = await http2.call('executor.create', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'm' } });
      await assert.rejects(res.body.text(), (e: unknown) => isRetryable(e) && (e as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT');
    } finally {
      await http2.close();
      await hub.close();
    }
  });

  it('a refused connection is a retryable network error', async () => {
    const hub = await scripted(() => undefined);
    const url = hub.url;
    await hub.close();
    const http2 = new HubHttp(url, undefined, { stallTimeoutMs: STALL_MS });
    try {
      await assert.rejects(
        http2.call('m', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'm' } }),
        (e: unknown) => isRetryable(e) && /ECONNREFUSED/.test(describeNetworkError(e)),
      );
    } finally {
      await http2.close();
    }
  });
});

describe('HubHttp: redirects', () => {
  let a: Scripted;
  let b: Scripted;
  before(async () => {
    a = await scripted((_req, res) => res.end('{}'));
    b = await scripted((_req, res) => res.end('{"from":"b"}'));
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  function redirectTo(status: number, location: () => string): Handler {
    return (_req, res) => {
      res.statusCode = status;
      res.setHeader('location', location());
      res.end('moved');
    };
  }

  it('follows a 307 to another origin with a fresh body, and never sends the token there', async () => {
    a.seen.length = 0;
    b.seen.length = 0;
    a.handle = redirectTo(307, () => `${b.url}/v2/rpc/executor.createAsync`);
    const http2 = new HubHttp(a.url, 'tok-secret', { stallTimeoutMs: 2_000 });
    let made = 0;
    try {
      const res = await http2.call(
        'executor.createAsync',
        () => {
          made++;
          return bigBody(2)();
        },
        { idempotencyKey: 'k', context: { method: 'executor.createAsync' } },
      );
      assert.equal(await res.body.text(), '{"from":"b"}');
      assert.equal(made, 2);
      assert.equal(a.seen[0]?.headers.authorization, 'token tok-secret');
      assert.equal(b.seen[0]?.headers.authorization, undefined);
      assert.equal(b.seen[0]?.url, '/v2/rpc/executor.createAsync');
      assert.equal(b.seen[0]?.bytes, 2 * CHUNK.length, 'the whole body was sent again');
      assert.equal(b.seen[0]?.headers['idempotency-key'], 'k');
      assert.equal(b.seen[0]?.headers['jinameta-session-id'], http2.sessionId);
    } finally {
      await http2.close();
    }
  });

  it('follows a 308 on the same origin and keeps the token', async () => {
    a.seen.length = 0;
    a.handle = (req, res) => {
      if (req.url === '/v2/rpc/m') return redirectTo(308, () => '/moved/v2/rpc/m')(req, res, 0);
      res.end('{"here":true}');
    };
    const http2 = new HubHttp(a.url, 'tok');
    try {
      const res = await http2.call('m', { body: 'abc', contentType: 'text/plain', contentLength: 3 }, { context: { method: 'm' } });
      assert.equal(await res.body.text(), '{"here":true}');
      assert.deepEqual(
        a.seen.map((r) => [r.url, r.headers.authorization, r.body.toString()]),
        [
          ['/v2/rpc/m', 'token tok', 'abc'],
          ['/moved/v2/rpc/m', 'token tok', 'abc'],
        ],
      );
    } finally {
      await http2.close();
    }
  });

  for (const status of [301, 302, 303]) {
    it(`ends a ${status} in one sentence that names the Location and the registry to set`, async () => {
      a.seen.length = 0;
      b.seen.length = 0;
      a.handle = redirectTo(status, () => `${b.url}/hub/v2/rpc/executor.create`);
      const http2 = new HubHttp(a.url, undefined);
      try {
        await assert.rejects(
          http2.call('executor.create', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'executor.create' } }),
          (e: unknown) => {
            assert.ok(e instanceof HubError);
            assert.equal(e.details.retryable, false);
            assert.equal(e.details.httpStatus, status);
            assert.ok(e.message.includes(`to ${b.url}/hub/v2/rpc/executor.create`), e.message);
            assert.ok(e.message.includes(`set the registry input to ${b.url}/hub `), e.message);
            assert.ok(e.message.includes(http2.sessionId));
            assert.ok(!e.message.includes('\n'));
            return true;
          },
        );
        assert.equal(b.seen.length, 0, 'not followed');
      } finally {
        await http2.close();
      }
    });
  }

  it('a loop of redirects is bounded', async () => {
    a.seen.length = 0;
    a.handle = redirectTo(307, () => '/v2/rpc/m');
    const http2 = new HubHttp(a.url, undefined);
    try {
      await assert.rejects(
        http2.call('m', { body: 'x', contentType: 'text/plain', contentLength: 1 }, { context: { method: 'm' } }),
        (e: unknown) => e instanceof HubError && !e.details.retryable && /redirected m more than 3 times/.test(e.message),
      );
      assert.equal(a.seen.length, MAX_REDIRECTS + 1);
    } finally {
      await http2.close();
    }
  });

  it('refuses a hop to plain http on a remote host when a token is in play', async () => {
    a.handle = redirectTo(307, () => 'http://hub.example.com/v2/rpc/m');
    const http2 = new HubHttp(a.url, 'tok');
    try {
      await assert.rejects(
        http2.call('m', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'm' } }),
        (e: unknown) => e instanceof HubError && /http:\/\/hub\.example\.com\/v2\/rpc\/m, plain http:\/\/ to a remote host/.test(e.message),
      );
    } finally {
      await http2.close();
    }
  });

  it('never follows a body that carries a secret or build-env values to another origin, and names the registry to set', async () => {
    for (const location of [() => `${b.url}/hub/v2/rpc/executor.update`, () => 'http://hub.example.com/hub/v2/rpc/executor.update']) {
      a.seen.length = 0;
      b.seen.length = 0;
      a.handle = redirectTo(307, location);
      const http2 = new HubHttp(a.url, undefined);
      try {
        await assert.rejects(
          http2.call('executor.update', bigBody(1), { context: { method: 'executor.update' }, carriesSecret: true }),
          (e: unknown) => {
            assert.ok(e instanceof HubError, String(e));
            assert.equal(e.details.retryable, false);
            assert.match(e.message, /another origin, and this upload carries the executor's secret or build-env values/);
            assert.ok(e.message.includes(`set the registry input to ${new URL(location()).origin}/hub `), e.message);
            assert.ok(e.message.includes(http2.sessionId));
            return true;
          },
        );
        assert.equal(a.seen.length, 1);
        assert.equal(b.seen.length, 0, 'nothing was sent to the other origin');
      } finally {
        await http2.close();
      }
    }
  });

  it('follows a 307 on the same origin with a body that carries a secret', async () => {
    a.seen.length = 0;
    a.handle = (req, res) => {
      if (req.url === '/v2/rpc/executor.update') return redirectTo(307, () => '/moved/v2/rpc/executor.update')(req, res, 0);
      res.end('{"here":true}');
    };
    const http2 = new HubHttp(a.url, undefined);
    try {
      const res = await http2.call('executor.update', bigBody(1), { context: { method: 'executor.update' }, carriesSecret: true });
      assert.equal(await res.body.text(), '{"here":true}');
      assert.deepEqual(
        a.seen.map((r) => [r.url, r.bytes]),
        [
          ['/v2/rpc/executor.update', CHUNK.length],
          ['/moved/v2/rpc/executor.update', CHUNK.length],
        ],
      );
    } finally {
      await http2.close();
    }
  });

  it('a 307 without a Location is an error, not a hang', async () => {
    a.handle = (_req, res) => {
      res.statusCode = 307;
      res.end();
    };
    const http2 = new HubHttp(a.url, undefined);
    try {
      await assert.rejects(
        http2.call('m', { body: '', contentType: 'text/plain', contentLength: 0 }, { context: { method: 'm' } }),
        (e: unknown) => e instanceof HubError && /HTTP 307 Temporary Redirect but no http\(s\) Location/.test(e.message),
      );
    } finally {
      await http2.close();
    }
  });
});

describe('HubClient: answers to an upload that are not the contract', () => {
  let dir: string;
  let upload: (method: Upload['method']) => Upload;
  let hub: Scripted;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'http-test-'));
    const file = path.join(dir, 'Exec.zip');
    await fs.writeFile(file, Buffer.alloc(100_000, 1));
    upload = (method) => ({
      method,
      fields: [
        ['public', 'True'],
        ['private', 'False'],
      ],
      file: { path: file, size: 100_000, filename: 'Exec.zip', contentType: 'application/zip' },
      context: { method, name: 'Exec' },
    });
    hub = await scripted((_req, res) => res.end());
  });
  after(async () => {
    await hub.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function answer(status: number, body: string | Buffer, type = 'application/x-ndjson'): Handler {
    return (_req, res) => {
      res.statusCode = status;
      res.setHeader('content-type', type);
      res.end(body);
    };
  }

  async function withClient<T>(fn: (client: HubClient) => Promise<T>): Promise<T> {
    const http2 = new HubHttp(hub.url, 'tok', { stallTimeoutMs: STALL_MS });
    try {
      return await fn(new HubClient(http2, FAST));
    } finally {
      await http2.close();
    }
  }

  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['an HTML error page with 200', '<!DOCTYPE html>\n<html><body>Bad gateway</body></html>\n', /is not JSON \(it starts with "<!DOCTYPE html>"\)/],
    ['truncated JSON', '{"code": 202, "data": {"_id": "abc', /is not JSON \(it starts with "\{\\"code\\": 202/],
    ['a garbage line', 'hello there\n', /is not JSON \(it starts with "hello there"\)/],
    ['a line of several MB', Buffer.alloc(3 * 1024 * 1024, 'a'), /longer than 1024 KiB/],
    ['an empty 200', '', /was empty/],
  ];

  for (const [label, body, pattern] of cases) {
    it(`pushAsync: ${label} ends in one ProtocolError naming the method and session`, async () => {
      hub.handle = answer(200, body);
      hub.seen.length = 0;
      await withClient(async (client) => {
        await assert.rejects(client.pushAsync(upload('executor.createAsync'), () => assert.fail('not retried')), (e: unknown) => {
          assert.ok(e instanceof ProtocolError, String(e));
          assert.match(e.message, pattern);
          assert.match(e.message, /executor\.createAsync/);
          assert.ok(e.message.includes(`session ${client.sessionId}`), e.message);
          assert.ok(!e.message.includes('\n'));
          assert.ok(e.message.length < 400, e.message);
          return true;
        });
      });
      assert.equal(hub.seen.length, 1);
    });

    it(`pushSync: ${label} ends in one ProtocolError naming the method and session`, async () => {
      hub.handle = answer(200, body);
      await withClient(async (client) => {
        await assert.rejects(
          client.pushSync(upload('executor.create'), () => assert.fail('not retried'), { onAccepted: () => undefined, onLog: () => undefined, onWarning: () => undefined }),
          (e: unknown) => {
            assert.ok(e instanceof ProtocolError, String(e));
            assert.match(e.message, pattern);
            assert.match(e.message, /executor\.create\b/);
            assert.ok(e.message.includes(`session ${client.sessionId}`), e.message);
            assert.ok(!e.message.includes('\n'));
            return true;
          },
        );
      });
    });
  }

  it('pushAsync: JSON lines without a task ID say so', async () => {
    hub.handle = answer(200, '{"hello":1}\n{"type":"x"}\n');
    await withClient(async (client) => {
      await assert.rejects(client.pushAsync(upload('executor.createAsync'), () => undefined), (e: unknown) => e instanceof ProtocolError && /held no task ID/.test(e.message));
    });
  });

  it('pushAsync: a pretty-printed answer still gives the task ID', async () => {
    hub.handle = answer(200, JSON.stringify({ code: 202, data: { _id: 'task-9' } }, null, 2), 'application/json');
    await withClient(async (client) => {
      assert.deepEqual(await client.pushAsync(upload('executor.createAsync'), () => undefined), { taskId: 'task-9', executor: undefined });
    });
  });

  it('pushAsync: a 503 and a stalled answer are retried with the same key once no task of theirs is listed, then the task ID is read', async () => {
    hub.seen.length = 0;
    let uploads = 0;
    hub.handle = (req, res) => {
      if (req.url?.endsWith('executor.listAsyncTasks')) return res.end('{"data": []}');
      const n = uploads++;
      if (n === 0) {
        res.statusCode = 503;
        return res.end('');
      }
      res.setHeader('content-type', 'application/x-ndjson');
      if (n === 1) return res.write('{"code": 202, "da'); // then silence
      res.end('{"code": 202, "data": {"_id": "task-1"}}\n');
    };
    const reasons: string[] = [];
    const progress: number[] = [];
    await withClient(async (client) => {
      const u = { ...upload('executor.createAsync'), onBodyProgress: (sent: number) => progress.push(sent) };
      const got = await client.pushAsync(u, (n) => reasons.push(n.reason));
      assert.equal(got.taskId, 'task-1');
    });
    assert.deepEqual(reasons, ['HTTP 503 Service Unavailable', 'the answer stalled (UND_ERR_BODY_TIMEOUT)']);
    const tries = hub.seen.filter((r) => r.url.endsWith('executor.createAsync'));
    assert.equal(tries.length, 3);
    // Each ambiguous failure was followed by a look at the task list: 1 after the 503, 3 after the stall.
    assert.equal(hub.seen.filter((r) => r.url.endsWith('executor.listAsyncTasks')).length, 4);
    const keys = new Set(tries.map((r) => r.headers['idempotency-key']));
    assert.equal(keys.size, 1);
    assert.ok(tries.every((r) => r.bytes > 100_000), 'every try sent the whole form');
    assert.ok(progress.length >= 3);
  });

  it('pushSync: a build stream that goes silent ends in one sentence, not retried', async () => {
    hub.seen.length = 0;
    hub.handle = (_req, res) => {
      res.setHeader('content-type', 'application/x-ndjson');
      res.write('{"type":"console","payload":"step 1"}\n');
    };
    const logs: string[] = [];
    await withClient(async (client) => {
      await assert.rejects(
        client.pushSync(upload('executor.create'), () => assert.fail('not retried'), { onAccepted: () => undefined, onLog: (e) => logs.push(e.text), onWarning: () => undefined }),
        (e: unknown) => e instanceof HubError && /went silent for 0\.3s/.test(e.message) && e.message.includes(client.sessionId),
      );
    });
    assert.deepEqual(logs, ['step 1']);
    assert.equal(hub.seen.length, 1);
  });
});

describe('waitForBuild: a status stream that goes silent', () => {
  it('is asked again once, with one line saying why, and shows no event twice', async () => {
    const event = (sn: number, text: string) => JSON.stringify({ type: 'progress', data: { sn, data: { type: 'console', payload: text } } });
    const hub = await scripted((_req, res, n) => {
      res.setHeader('content-type', 'application/x-ndjson');
      if (n === 0) return res.write(`${event(0, 'first')}\n`); // then silence
      res.end(`${event(0, 'first')}\n${event(1, 'second')}\n${JSON.stringify({ type: 'report', status: 'succeeded', result: { id: 'e1' } })}\n`);
    });
    const http2 = new HubHttp(hub.url, 'tok', { stallTimeoutMs: STALL_MS });
    const logs: string[] = [];
    const reconnects: string[] = [];
    try {
      const outcome = await waitForBuild(new HubClient(http2, FAST), {
        taskId: 't1',
        verbose: true,
        replayFirst: false,
        deadline: Date.now() + 10_000,
        onState: () => undefined,
        onLog: (e) => logs.push(e.text),
        onReconnect: (why) => reconnects.push(why),
      });
      assert.deepEqual(outcome, { status: 'succeeded', executor: { id: 'e1' } });
    } finally {
      await http2.close();
      await hub.close();
    }
    assert.deepEqual(logs, ['first', 'second']);
    assert.deepEqual(reconnects, ['the status stream was silent for 0.3s']);
    assert.equal(hub.seen.length, 2);
    assert.match(hub.seen[1]?.body.toString() ?? '', /name="replay"\r\n\r\nTrue/);
  });
});

// ---------------------------------------------------------------------------------------------
// Uploads whose answer is lost: sent again only when the Hub cannot have acted on them.

describe('uploads: never built twice, never a secret lost', () => {
  let hub: LocalHub;
  let dir: string;
  let zipFile: string;
  let zipSize: number;
  let zipMd5: string;
  const NAME = 'LostAnswerExec';
  /**
   * A package larger than what the sockets on both sides buffer, so that "the Hub stopped reading
   * half way" leaves part of the body not taken. Its weight is random bytes, which do not compress.
   */
  const BIG = 32 << 20;

  before(async () => {
    hub = await startHub({ tokens: { 'tok-r': 'rita' }, buildMs: 200, streamMs: 2_000 });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recover-test-'));
    zipFile = path.join(dir, 'exec.zip');
    const zip = await zipOf({
      'config.yml': `jtype: MyExecutor\nmetas:\n  name: ${NAME}\n  py_modules:\n    - executor.py\n`,
      'executor.py': 'from jina import Executor\nclass MyExecutor(Executor):\n    pass\n',
      'requirements.txt': 'jina\n',
      'weights.bin': randomBytes(BIG),
    });
    await fs.writeFile(zipFile, zip);
    zipSize = zip.length;
    zipMd5 = createHash('md5').update(zip).digest('hex');
  });
  after(async () => {
    await hub.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function uploadOf(method: Upload['method'], extra: Array<[string, string]> = []): Upload {
    const fields: Array<[string, string]> = [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', zipMd5],
      ...(method === 'executor.createAsync' ? ([['id', NAME]] as Array<[string, string]>) : []),
      ...extra,
    ];
    return { method, fields, file: { path: zipFile, size: zipSize, filename: 'exec.zip', contentType: 'application/zip' }, context: { method, name: NAME } };
  }

  async function withClient<T>(token: string | undefined, fn: (client: HubClient) => Promise<T>): Promise<T> {
    const http2 = new HubHttp(hub.url, token, { stallTimeoutMs: 2_000 });
    try {
      return await fn(new HubClient(http2, FAST));
    } finally {
      await http2.close();
    }
  }

  const syncHandlers = { onAccepted: () => undefined, onLog: () => undefined, onWarning: () => undefined };

  for (const lost of [{ mode: 'answer-lost' as const }, { mode: 'answer-lost' as const, reset: true }]) {
    const how = lost.reset ? 'a reset' : 'a 502';
    it(`with a token, an upload processed and then answered with ${how} is not sent again: the task it made is followed`, async () => {
      hub.reset();
      hub.setFaults({ uploadSequence: [lost] });
      const retries: string[] = [];
      const got = await withClient('tok-r', (client) => client.pushAsync(uploadOf('executor.createAsync'), (n) => retries.push(n.reason)));
      const { counts, tasks } = hub.state();
      assert.equal(counts.uploadTries, 1, 'one upload');
      assert.equal(counts.tasksCreated, 1, 'one build');
      assert.equal(got.taskId, tasks[0]?._id);
      assert.deepEqual(retries, []);
      assert.ok((counts.requests['executor.listAsyncTasks'] ?? 0) >= 1, 'the task list was asked');
    });
  }

  it('with a token, an ambiguous failure whose upload made no task is sent again, once: one build', async () => {
    hub.reset();
    // 502 after the whole body was read, but nothing processed: no task to find.
    hub.setFaults({ uploadSequence: [{ mode: 'status', status: 502 }] });
    const retries: string[] = [];
    const got = await withClient('tok-r', (client) => client.pushAsync(uploadOf('executor.createAsync'), (n) => retries.push(n.reason)));
    const { counts, tasks } = hub.state();
    assert.equal(counts.uploadTries, 2);
    assert.equal(counts.tasksCreated, 1);
    assert.equal(got.taskId, tasks[0]?._id);
    assert.deepEqual(retries, ['HTTP 502 Bad Gateway: injected upload failure (HTTP 502)']);
  });

  it('without a token, an upload processed and then answered 502 is not sent again, and the sentence says what to check', async () => {
    hub.reset();
    hub.setFaults({ uploadSequence: [{ mode: 'answer-lost' }] });
    await withClient(undefined, async (client) => {
      await assert.rejects(client.pushSync(uploadOf('executor.create'), () => assert.fail('not sent again'), syncHandlers), (e: unknown) => {
        assert.ok(e instanceof HubError, String(e));
        assert.equal(e.details.retryable, false);
        assert.match(e.message, /the answer to executor\.create was lost \(HTTP 502 Bad Gateway.*\) after the whole upload was sent/);
        assert.match(e.message, /it was not sent again/);
        assert.match(e.message, new RegExp(`check on the Hub whether ${NAME} exists`));
        assert.ok(e.message.includes(`session ${client.sessionId}`));
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    });
    const { counts } = hub.state();
    assert.equal(counts.uploadTries, 1);
    assert.equal(counts.tasksCreated, 1);
    assert.equal(counts.requests['executor.listAsyncTasks'] ?? 0, 0, 'nothing to look up without a token');
  });

  it('without a token, an update whose answer was lost is not sent again either: one new version at most', async () => {
    hub.reset();
    const created = await withClient(undefined, (client) => client.pushSync(uploadOf('executor.create'), () => undefined, syncHandlers));
    const secret = created.secret ?? '';
    hub.setFaults({ uploadSequence: [{ mode: 'answer-lost', reset: true }] });
    const update = { ...uploadOf('executor.update', [['id', NAME], ['secret', secret], ['tags', 'v2']]), context: { method: 'executor.update', name: NAME, forceUpdate: NAME } };
    await withClient(undefined, async (client) => {
      await assert.rejects(client.pushSync(update, () => assert.fail('not sent again'), syncHandlers), (e: unknown) => {
        assert.ok(e instanceof HubError, String(e));
        assert.match(e.message, /the answer to executor\.update was lost \(.*\) after the whole upload was sent, so the Hub may have started a build of LostAnswerExec: it was not sent again/);
        assert.ok(!e.message.includes(secret), 'the secret is not quoted');
        return true;
      });
    });
    const { counts } = hub.state();
    assert.equal(counts.uploadTries, 2);
    assert.equal(counts.tasksCreated, 2, 'the create, and the one update');
  });

  it('without a token, a failure the Hub cannot have acted on is sent again: a 429, a reset half way through the body', async () => {
    hub.reset();
    hub.setFaults({ uploadSequence: [{ mode: 'status', status: 429, retryAfter: '0' }, { mode: 'reset' }] });
    const retries: string[] = [];
    const executor = await withClient(undefined, (client) => client.pushSync(uploadOf('executor.create'), (n) => retries.push(n.reason), syncHandlers));
    assert.equal(executor.name, NAME);
    assert.match(executor.secret ?? '', /^[0-9a-f]{32}$/);
    assert.equal(retries.length, 2);
    const { counts } = hub.state();
    assert.equal(counts.uploadTries, 3);
    assert.equal(counts.tasksCreated, 1);
  });

  it('without a token, a 503 answered before the body was taken is sent again; one answered after it is not', async () => {
    let answered = 0;
    const early = await scripted((req, res) => {
      answered++;
      if (answered === 1) {
        // Answered at once, the body not read: the Hub cannot have acted on it.
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
        res.end('{"code":503}');
        req.socket.destroySoon();
        return;
      }
      req.resume();
      req.on('end', () => {
        res.statusCode = 503;
        res.end('{"code":503}');
      });
    }, false);
    const http2 = new HubHttp(early.url, undefined, { stallTimeoutMs: 2_000 });
    const retries: string[] = [];
    try {
      const client = new HubClient(http2, FAST);
      await assert.rejects(
        client.pushSync(uploadOf('executor.create'), (n) => retries.push(n.reason), syncHandlers),
        (e: unknown) => e instanceof HubError && /HTTP 503 Service Unavailable.*it was not sent again/.test(e.message),
      );
    } finally {
      await http2.close();
      await early.close();
    }
    assert.equal(retries.length, 1, 'the early 503 was retried, the late one was not');
    assert.equal(early.seen.length, 2);
  });
});

describe('newestSince: the task an upload made, on the Hub clock', () => {
  const began = Date.parse('2026-01-01T12:00:00Z');
  const at = (ms: number) => new Date(began + ms).toISOString();
  it('takes the newest task created since the upload began, allowing for the Date header', () => {
    const listing = { tasks: [{ _id: 'old', createdAt: at(-60_000) }, { _id: 'new', createdAt: at(1_000) }, { _id: 'newer', createdAt: at(2_000) }], hubAheadMs: 0 };
    assert.equal(newestSince(listing, began)?._id, 'newer');
  });
  it('reads createdAt on the Hub clock: a Hub 10 minutes behind still finds its task, and not an older one', () => {
    const behind = -600_000;
    const listing = { tasks: [{ _id: 'before', createdAt: at(behind - 30_000) }, { _id: 'mine', createdAt: at(behind + 500) }], hubAheadMs: behind };
    assert.equal(newestSince(listing, began)?._id, 'mine');
    assert.equal(newestSince({ tasks: [{ _id: 'before', createdAt: at(behind - 30_000) }], hubAheadMs: behind }, began), undefined);
  });
  it('never takes a task without a readable createdAt', () => {
    assert.equal(newestSince({ tasks: [{ _id: 'x' }, { _id: 'y', createdAt: 'yesterday' }], hubAheadMs: 0 }, began), undefined);
  });
  it('without the Hub clock, allows two minutes either way', () => {
    assert.equal(newestSince({ tasks: [{ _id: 'a', createdAt: at(-100_000) }] }, began)?._id, 'a');
    assert.equal(newestSince({ tasks: [{ _id: 'a', createdAt: at(-200_000) }] }, began), undefined);
  });
  it('hubAheadMs reads the Date header', () => {
    assert.equal(hubAheadMs('Thu, 01 Jan 2026 12:00:05 GMT', began), 5_000);
    assert.equal(hubAheadMs(undefined, began), undefined);
    assert.equal(hubAheadMs('garbage', began), undefined);
  });
});

describe('hubMayHaveActed', () => {
  it('is false before a connection, and for 408 and 429; true after a 5xx or a reset with nothing known', () => {
    assert.equal(hubMayHaveActed(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), false);
    assert.equal(hubMayHaveActed(new TypeError('fetch failed', { cause: Object.assign(new Error('y'), { code: 'ENOTFOUND' }) })), false);
    assert.equal(hubMayHaveActed(hubError(429, true)), false);
    assert.equal(hubMayHaveActed(hubError(408, true)), false);
    assert.equal(hubMayHaveActed(hubError(502, true)), true);
    assert.equal(hubMayHaveActed(Object.assign(new Error('x'), { code: 'ECONNRESET' })), true);
  });
});

// ---------------------------------------------------------------------------------------------
// Deadlines that hold, bounded reads.

/** The garbage collector, on demand: what lets Node 20 drop an AbortSignal.timeout held only by AbortSignal.any. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** A Hub that answers every request with a stream of progress lines that never ends. */
async function endlessStream(line: (n: number) => string): Promise<Scripted> {
  return scripted((_req, res) => {
    res.setHeader('content-type', 'application/x-ndjson');
    let n = 0;
    const timer = setInterval(() => res.write(`${line(n++)}\n`), 20);
    res.on('close', () => clearInterval(timer));
  });
}

/** executor.create of a 3-byte file named `name`. */
function anonymousCreate(file: string, name: string): Upload {
  return {
    method: 'executor.create',
    fields: [['public', 'True']],
    file: { path: file, size: 3, filename: 'x.zip', contentType: 'application/zip' },
    context: { method: 'executor.create', name },
  };
}

describe('deadlines', () => {
  it('waitForBuild ends at its deadline while a status stream keeps talking, garbage collection or not', async () => {
    const gc = collector();
    const hub = await endlessStream((sn) => JSON.stringify({ type: 'progress', data: { sn, data: { type: 'console', payload: `line ${sn}` } } }));
    const http2 = new HubHttp(hub.url, 'tok', { stallTimeoutMs: 5_000 });
    const collecting = setInterval(gc, 50);
    const started = Date.now();
    try {
      const outcome = await Promise.race([
        waitForBuild(new HubClient(http2, FAST), {
          taskId: 't1',
          verbose: true,
          replayFirst: false,
          deadline: Date.now() + 800,
          signal: new AbortController().signal, // as a step passes its cancellation signal
          onState: () => undefined,
          onLog: () => undefined,
          onReconnect: () => undefined,
        }),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 5s'), 5_000).unref()),
      ]);
      assert.deepEqual(outcome, { status: 'timeout', lastState: undefined });
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started}ms`);
    } finally {
      clearInterval(collecting);
      await http2.destroy();
      await hub.close();
    }
  });

  it('pushSync: a build answer that goes on past buildTimeoutMs ends in a BuildTimeout, the secret warning included for create', async () => {
    const hub = await endlessStream((n) => JSON.stringify({ type: 'console', payload: `building ${n}` }));
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: 5_000 });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deadline-test-'));
    const file = path.join(dir, 'x.zip');
    await fs.writeFile(file, 'zip');
    const started = Date.now();
    const gc = collector();
    const collecting = setInterval(gc, 50);
    try {
      const upload: Upload = { ...anonymousCreate(file, 'Slow'), buildTimeoutMs: 700 };
      let lines = 0;
      await assert.rejects(
        new HubClient(http2, FAST).pushSync(upload, () => undefined, { onAccepted: () => undefined, onLog: () => lines++, onWarning: () => undefined }),
        (e: unknown) => {
          assert.ok(e instanceof BuildTimeout, String(e));
          assert.match(e.message, /^the build did not end within 0\.7s: it goes on at the Hub; the Hub gives a new executor's secret only at the end/);
          assert.ok(e.message.includes(http2.sessionId));
          return true;
        },
      );
      assert.ok(lines > 0, "the log was passed on meanwhile");
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started}ms`);
    } finally {
      clearInterval(collecting);
      await http2.destroy();
      await hub.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('an error body that never ends is read up to a bound, for no longer than the stall timeout', async () => {
    const hub = await scripted((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"message": "a');
      const timer = setInterval(() => res.write('a'.repeat(100)), 50); // never silent, never done
      res.on('close', () => clearInterval(timer));
    });
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: 600 });
    const started = Date.now();
    try {
      await assert.rejects(
        http2.call('m', { body: 'x', contentType: 'text/plain', contentLength: 1 }, { context: { method: 'm' } }),
        (e: unknown) => e instanceof HubError && e.details.httpStatus === 500,
      );
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started}ms`);
    } finally {
      await http2.destroy();
      await hub.close();
    }
  });

  it('an error body far larger than the bound is not read to its end', async () => {
    let written = 0;
    const hub = await scripted((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      const more = (): void => {
        while (written < 256 << 20) {
          written += 1 << 16;
          if (!res.write(Buffer.alloc(1 << 16, 'x'))) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: 5_000 });
    try {
      await assert.rejects(http2.call('m', { body: 'x', contentType: 'text/plain', contentLength: 1 }, { context: { method: 'm' } }));
      assert.ok(written < 64 << 20, `the Hub wrote ${written >> 20} MiB`);
    } finally {
      await http2.destroy();
      await hub.close();
    }
  });
});

describe('a complete line out of the ordinary', () => {
  const dirP = fs.mkdtemp(path.join(os.tmpdir(), 'complete-test-'));
  async function pushSyncAgainst(body: string): Promise<Awaited<ReturnType<HubClient['pushSync']>>> {
    const dir = await dirP;
    const file = path.join(dir, 'x.zip');
    await fs.writeFile(file, 'zip');
    const hub = await scripted((_req, res) => {
      res.setHeader('content-type', 'application/x-ndjson');
      res.end(body);
    });
    const http2 = new HubHttp(hub.url, undefined, { stallTimeoutMs: 2_000 });
    try {
      return await new HubClient(http2, FAST).pushSync(anonymousCreate(file, 'Odd'), () => undefined, { onAccepted: () => undefined, onLog: () => undefined, onWarning: () => undefined });
    } finally {
      await http2.close();
      await hub.close();
    }
  }
  const executor = { id: 'ab12cd34', name: 'Odd', secret: 'sec-0dd-7f1e', commit: { id: 'c1', tags: ['latest'] } };

  it('pretty-printed over several lines still yields the executor and its secret', async () => {
    const body = `{"type":"console","payload":"step"}\n${JSON.stringify({ type: 'complete', subject: 'createExecutor', payload: executor }, null, 2)}\n`;
    assert.deepEqual(await pushSyncAgainst(body), executor);
  });

  it('with extra fields, indented with tabs, and CRLF line ends', async () => {
    const line = JSON.stringify({ type: 'complete', message: 'ok', payload: executor, trace: { took: 3, nested: [1, { a: '}' }] } }, null, '\t');
    assert.deepEqual(await pushSyncAgainst(`${line.replace(/\n/g, '\r\n')}\r\n`), executor);
  });

  it('after a garbage line that opens a brace, the next object line is still read', async () => {
    const body = `{oops this is not json\n${JSON.stringify({ type: 'complete', payload: executor })}\n`;
    assert.deepEqual(await pushSyncAgainst(body), executor);
  });
});

// ---------------------------------------------------------------------------------------------
// Proxies, as a self-hosted runner sets them.

describe('proxies', () => {
  let proxy: TestProxy;
  let hub: Scripted;
  let port: number;
  before(async () => {
    proxy = await startProxy();
    hub = await scripted((_req, res) => res.end('{"ok":true}'));
    port = Number(new URL(hub.url).port);
  });
  after(async () => {
    await proxy.close();
    await hub.close();
  });

  async function callWith(env: Record<string, string>, registry = `http://hub.test:${port}`, stallTimeoutMs = 3_000) {
    const http2 = new HubHttp(registry, 'tok', { stallTimeoutMs, env });
    try {
      const res = await http2.call('m', { body: 'abc', contentType: 'text/plain', contentLength: 3 }, { context: { method: 'm' } });
      return await res.body.text();
    } finally {
      await http2.destroy();
    }
  }

  it('http_proxy: requests go through the proxy (the Hub is reached by a name only the proxy knows)', async () => {
    proxy.seen.length = 0;
    hub.seen.length = 0;
    assert.equal(await callWith({ http_proxy: proxy.url }), '{"ok":true}');
    assert.deepEqual(proxy.seen, [`hub.test:${port}`]);
    assert.equal(hub.seen[0]?.headers.authorization, 'token tok', 'the token reaches the Hub through the tunnel');
    assert.equal(hub.seen[0]?.body.toString(), 'abc');
  });

  it('HTTP_PROXY in capitals is honoured; the lower-case name wins over it', async () => {
    proxy.seen.length = 0;
    assert.equal(await callWith({ HTTP_PROXY: proxy.url }), '{"ok":true}');
    assert.equal(await callWith({ http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' }), '{"ok":true}');
    assert.equal(proxy.seen.length, 2);
  });

  for (const noProxy of ['hub.test', 'HUB.TEST', '.test', 'hub.test:PORT', 'other.example, test', '*']) {
    it(`no_proxy ${JSON.stringify(noProxy)} bypasses the proxy`, async () => {
      proxy.seen.length = 0;
      await assert.rejects(callWith({ http_proxy: proxy.url, no_proxy: noProxy.replace('PORT', String(port)) }), (e: unknown) => /ENOTFOUND|EAI_AGAIN/.test(describeNetworkError(e)));
      assert.deepEqual(proxy.seen, [], 'the proxy was not asked');
    });
  }

  it('https_proxy is for https only: an http registry with only https_proxy set goes direct', async () => {
    proxy.seen.length = 0;
    await assert.rejects(callWith({ https_proxy: proxy.url }), (e: unknown) => /ENOTFOUND|EAI_AGAIN/.test(describeNetworkError(e)));
    assert.deepEqual(proxy.seen, []);
  });

  it('this machine is never reached through a proxy', async () => {
    proxy.seen.length = 0;
    assert.equal(await callWith({ http_proxy: proxy.url }, hub.url), '{"ok":true}');
    assert.deepEqual(proxy.seen, []);
  });

  it('through a proxy, a Hub that never answers still ends in a StallError at the stall timeout', async () => {
    const silent = await scripted(() => undefined);
    const silentPort = Number(new URL(silent.url).port);
    const started = Date.now();
    try {
      await assert.rejects(callWith({ http_proxy: proxy.url }, `http://hub.test:${silentPort}`, 500), (e: unknown) => e instanceof StallError);
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started}ms`);
    } finally {
      await silent.close();
    }
  });
});

describe('proxyFor: the rules of @actions/http-client', () => {
  const u = (s: string) => new URL(s);
  it('picks the proxy by scheme, lower case first, and accepts a bare host:port', () => {
    assert.equal(proxyFor(u('https://hub.example.com'), { https_proxy: 'http://p:1', HTTPS_PROXY: 'http://q:2' })?.host, 'p:1');
    assert.equal(proxyFor(u('https://hub.example.com'), { HTTPS_PROXY: 'http://q:2' })?.host, 'q:2');
    assert.equal(proxyFor(u('https://hub.example.com'), { http_proxy: 'http://p:1' }), undefined);
    assert.equal(proxyFor(u('http://hub.example.com'), { http_proxy: 'proxy.corp:3128' })?.href, 'http://proxy.corp:3128/');
  });
  it('never for loopback names', () => {
    for (const host of ['http://localhost:8080', 'http://127.0.0.1:1', 'http://127.1.2.3', 'http://[::1]:80']) {
      assert.equal(proxyFor(u(host), { http_proxy: 'http://p:1' }), undefined, host);
    }
  });
  it('no_proxy: exact names, subdomains, host:port with the default port, a leading dot, *', () => {
    const env = (no: string) => ({ https_proxy: 'http://p:1', no_proxy: no });
    assert.equal(bypassesProxy(u('https://api.hubble.jina.ai'), env('jina.ai')), true);
    assert.equal(bypassesProxy(u('https://api.hubble.jina.ai'), env('.jina.ai')), true);
    assert.equal(bypassesProxy(u('https://api.hubble.jina.ai'), env('api.hubble.jina.ai:443')), true);
    assert.equal(bypassesProxy(u('https://api.hubble.jina.ai'), env('api.hubble.jina.ai:8443')), false);
    assert.equal(bypassesProxy(u('https://notjina.ai'), env('jina.ai')), false);
    assert.equal(bypassesProxy(u('https://x.y'), env(' , *')), true);
    assert.equal(bypassesProxy(u('https://x.y'), { https_proxy: 'http://p:1', NO_PROXY: 'x.y' }), true);
    assert.equal(bypassesProxy(u('https://x.y'), { https_proxy: 'http://p:1', no_proxy: 'z', NO_PROXY: 'x.y' }), false);
  });
});
