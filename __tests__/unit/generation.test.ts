// Which generation of the Hub API a Hub speaks: decided from package-less probes, asked once per run.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { HubClient, type ProbeAnswer, type UploadMethod } from '../../src/hub/client.js';
import { ProtocolError } from '../../src/hub/errors.js';
import { detectApi, HubGeneration, type Prober } from '../../src/hub/generation.js';
import { HubHttp, type RetryPolicy } from '../../src/hub/http.js';

const FAST: RetryPolicy = { attempts: 3, baseMs: 1, maxMs: 2, maxRetryAfterMs: 2 };

/** A Hub that answers each probe as `answers` says, and counts what it was asked. */
function fakeHub(answers: Partial<Record<UploadMethod, ProbeAnswer>>): Prober & { asked: UploadMethod[] } {
  const asked: UploadMethod[] = [];
  return {
    sessionId: 'session-1',
    asked,
    probe: async (method) => {
      asked.push(method);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answers[method] ?? { has: false };
    },
  };
}

describe('detectApi', () => {
  it('a Hub with createAsync is of the async generation, asked with one probe', async () => {
    const hub = fakeHub({ 'executor.createAsync': { has: true } });
    assert.equal(await detectApi(hub), 'async');
    assert.deepEqual(hub.asked, ['executor.createAsync']);
  });

  it('a Hub with both is of the async generation', async () => {
    const hub = fakeHub({ 'executor.createAsync': { has: true }, 'executor.push': { has: true } });
    assert.equal(await detectApi(hub), 'async');
  });

  it('a Hub with executor.push only is of the push generation', async () => {
    const hub = fakeHub({ 'executor.push': { has: true } });
    assert.equal(await detectApi(hub), 'push');
    assert.deepEqual(hub.asked, ['executor.createAsync', 'executor.push']);
  });

  it('a Hub with neither says to check the registry', async () => {
    await assert.rejects(detectApi(fakeHub({})), (err: unknown) => {
      assert.ok(err instanceof ProtocolError);
      assert.match(err.message, /^the Hub has neither executor\.createAsync nor executor\.push \(both answered 404\): check the registry input \(session session-1\)\.$/);
      return true;
    });
  });

  it('an answer that tells nothing says so in one sentence and suggests hub-api', async () => {
    const hub = fakeHub({ 'executor.createAsync': { inconclusive: 'executor.createAsync without a package was answered HTTP 502' } });
    await assert.rejects(detectApi(hub), (err: unknown) => {
      assert.ok(err instanceof ProtocolError);
      assert.match(err.message, /^could not tell which generation of the Hub API this Hub speaks \(executor\.createAsync without a package was answered HTTP 502\): check the registry input, or set hub-api to async or push/);
      return true;
    });
  });
});

describe('HubGeneration', () => {
  it('asks once per run, however many executors ask at once', async () => {
    const hub = fakeHub({ 'executor.push': { has: true } });
    const generation = new HubGeneration(hub, 'auto');
    const answers = await Promise.all([generation.get(), generation.get(), generation.get()]);
    assert.deepEqual(answers, ['push', 'push', 'push']);
    assert.equal(await generation.get(), 'push');
    assert.deepEqual(hub.asked, ['executor.createAsync', 'executor.push']);
    assert.equal(generation.known, undefined);
  });

  it('hub-api pinned: never asks', async () => {
    for (const pinned of ['async', 'push'] as const) {
      const hub = fakeHub({});
      const generation = new HubGeneration(hub, pinned);
      assert.equal(generation.known, pinned);
      assert.equal(await generation.get(), pinned);
      assert.deepEqual(hub.asked, []);
    }
  });
});

describe('HubClient.probe against the local Hub', () => {
  let hub: LocalHub;
  before(async () => {
    hub = await startHub({ api: 'async', buildMs: 100 });
  });
  after(async () => hub.close());

  it('sends no file part and no field, and tells which methods each generation has', async () => {
    for (const [api, createAsync, push] of [
      ['async', true, false],
      ['push', false, true],
      ['both', true, true],
    ] as const) {
      hub.setApi(api);
      hub.clearRequests();
      const client = new HubClient(new HubHttp(hub.url, 'not-a-token-either'), FAST);
      assert.deepEqual(await client.probe('executor.createAsync'), { has: createAsync }, api);
      assert.deepEqual(await client.probe('executor.push'), { has: push }, api);
      await client.http.close();
      for (const q of hub.requests()) {
        assert.equal(q.file, undefined, `${api} ${q.method}: no file part`);
        assert.deepEqual(q.fields, {}, `${api} ${q.method}: no field`);
        assert.equal(q.upload, false);
      }
      assert.equal(hub.state().tasks.length, 0, 'nothing created');
      assert.equal(hub.state().executors.length, 0, 'nothing created');
    }
  });
});

describe('HubClient.probe against other answers', () => {
  let server: http.Server;
  let url: string;
  let status = 500;
  let body = '';
  let count = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      count++;
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a 404 that is not the Hub\'s JSON error, a 5xx after its retries, or a 200 tell nothing', async () => {
    const client = new HubClient(new HubHttp(url, undefined), FAST);
    status = 404;
    body = '<html>Not Found</html>';
    assert.ok('inconclusive' in (await client.probe('executor.createAsync')));
    count = 0;
    status = 503;
    const answer = await client.probe('executor.createAsync');
    assert.ok('inconclusive' in answer && /HTTP 503/.test(answer.inconclusive), JSON.stringify(answer));
    assert.equal(count, FAST.attempts, 'retried like every read');
    status = 200;
    body = '{}';
    assert.ok('inconclusive' in (await client.probe('executor.push')));
    await client.http.close();
  });
});
