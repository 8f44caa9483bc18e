import assert from 'node:assert/strict';
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HubError } from '../../src/hub/errors.js';
import {
  backoffMs,
  HubHttp,
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
