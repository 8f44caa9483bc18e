// The local Hub's scriptable faults: upload and status-stream sequences, the mirror listener, and the counts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { zipOf } from '../zip-buffer.js';
import { startHub } from '../../local-hub/server.js';
import type { LocalHub } from '../../local-hub/server.js';

type Line = Record<string, unknown>;

const TOKEN = { authorization: 'token demo-token' };
/** Every wait in this file is bounded by this, or less. */
const BOUND_MS = 5000;

function makeZip(name: string): Promise<Buffer> {
  return zipOf({
    'config.yml': `jtype: MyExecutor\nmetas:\n  name: ${name}\n  py_modules:\n    - executor.py\n`,
    'executor.py': 'from jina import Executor\nclass MyExecutor(Executor):\n    pass\n',
    'requirements.txt': 'jina\n',
  });
}

async function uploadForm(name: string): Promise<FormData> {
  const zip = await makeZip(name);
  const form = new FormData();
  const fields = { public: 'True', private: 'False', md5sum: createHash('md5').update(zip).digest('hex'), id: name };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'executor.zip');
  return form;
}

function post(url: string, body: FormData | Blob, headers: Record<string, string> = {}, timeoutMs = BOUND_MS): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
}

async function createAsync(hub: LocalHub, name: string, headers: Record<string, string> = {}, base = hub.url): Promise<Response> {
  return post(`${base}/v2/rpc/executor.createAsync`, await uploadForm(name), { ...TOKEN, ...headers });
}

function progressForm(id: string): FormData {
  const form = new FormData();
  form.append('id', id);
  form.append('replay', 'True');
  form.append('verbose', 'False');
  return form;
}

function queryProgress(hub: LocalHub, taskId: string): Promise<Response> {
  return post(`${hub.url}/v2/rpc/executor.queryProgress`, progressForm(taskId), TOKEN);
}

function parseLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

async function taskIdOf(res: Response): Promise<string> {
  assert.equal(res.status, 200);
  const [first] = parseLines(await res.text());
  assert.equal(first?.['code'], 202);
  return (first?.['data'] as { _id: string })._id;
}

/** Resolves 'pending' when `p` has not settled within `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([p, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a body to its end or its break: the text received and whether it broke. */
async function readAll(res: Response): Promise<{ text: string; broke: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broke: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broke: true };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('local hub faults', { timeout: 60_000 }, () => {
  let hub: LocalHub;

  before(async () => {
    hub = await startHub({ buildMs: 200, streamMs: 1000 });
  });
  after(async () => {
    await hub.close();
  });
  beforeEach(() => hub.reset());

  describe('statusSequence endless', () => {
    it('talks on with progress lines and never reports an end, until reset', async () => {
      const taskId = await taskIdOf(await createAsync(hub, 'endless-exec'));
      hub.setFaults({ statusSequence: [{ mode: 'endless', delayMs: 20 }] });
      const res = await queryProgress(hub, taskId);
      const reader = res.body!.getReader();
      let text = '';
      const started = Date.now();
      while (text.split('\n').length < 10 && Date.now() - started < BOUND_MS) {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
      }
      const lines = parseLines(text.slice(0, text.lastIndexOf('\n')));
      assert.ok(lines.length >= 9);
      assert.ok(lines.every((l) => l['type'] === 'progress'));
      hub.reset();
      const rest = await within(reader.read().then(async function drain(r): Promise<unknown> { return r.done ? 'ended' : drain(await reader.read()); }).catch(() => 'ended'), BOUND_MS);
      assert.equal(rest, 'ended');
    });
  });

  describe('uploadSequence', () => {
    it('503, 503, reset, then normal: four tries with one key, one task, counted', async () => {
      hub.setFaults({
        uploadSequence: [{ mode: 'status', status: 503, retryAfter: '0' }, { mode: 'status', status: 503 }, { mode: 'reset' }],
      });
      const key = { 'idempotency-key': 'key-abc' };
      const first = await createAsync(hub, 'seq-exec', key);
      assert.equal(first.status, 503);
      assert.equal(first.headers.get('retry-after'), '0');
      assert.equal(((await first.json()) as { code: number }).code, 503);
      const second = await createAsync(hub, 'seq-exec', key);
      assert.equal(second.status, 503);
      assert.equal(second.headers.get('retry-after'), null);
      await second.text();
      await assert.rejects(createAsync(hub, 'seq-exec', key));
      const taskId = await taskIdOf(await createAsync(hub, 'seq-exec', key));

      assert.deepEqual(
        hub.requests().map((r) => [r.status, r.fault]),
        [
          [503, 'upload status 503'],
          [503, 'upload status 503'],
          [0, 'upload reset'],
          [200, null],
        ],
      );
      const { counts, faults, tasks } = hub.state();
      assert.equal(faults.uploadSequence, undefined, 'a used-up sequence is cleared');
      assert.equal(counts.uploadTries, 4);
      assert.deepEqual(counts.requests, { 'executor.createAsync': 4 });
      assert.deepEqual(counts.uploadKeys, ['key-abc', 'key-abc', 'key-abc', 'key-abc']);
      assert.equal(counts.tasksCreated, 1);
      assert.deepEqual(
        tasks.map((t) => t._id),
        [taskId],
      );
    });

    it('a step with count serves that many requests; pass lets one through', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'pass' }, { mode: 'status', status: 429, retryAfter: '1', count: 2 }] });
      await taskIdOf(await createAsync(hub, 'count-exec'));
      for (let i = 0; i < 2; i++) {
        const limited = await createAsync(hub, 'count-exec');
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '1');
        await limited.text();
      }
      await taskIdOf(await createAsync(hub, 'count-exec'));
      assert.deepEqual(
        hub.requests().map((r) => r.status),
        [200, 429, 429, 200],
      );
      assert.equal(hub.state().counts.tasksCreated, 2);
    });

    it('4xx statuses come with a JSON error body, and the sequence comes before uploadFailures', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'status', status: 403, message: 'no' }], uploadFailures: { count: 1, status: 502 } });
      const refused = await createAsync(hub, 'order-exec');
      assert.equal(refused.status, 403);
      assert.deepEqual(await refused.json(), { code: 403, status: 40301, message: 'no', readableMessage: 'no' });
      const bad = await createAsync(hub, 'order-exec');
      assert.equal(bad.status, 502);
      await bad.text();
      await taskIdOf(await createAsync(hub, 'order-exec'));
    });

    it('reset with afterBytes 0 cuts the connection before reading anything', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'reset', afterBytes: 0 }] });
      await assert.rejects(createAsync(hub, 'reset0-exec'));
      const [record] = hub.requests();
      assert.equal(record?.status, 0);
      assert.equal(record?.bytesReceived, 0);
      assert.equal(hub.state().counts.tasksCreated, 0);
    });

    it('stall reads nothing and never answers; reset() destroys the socket', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'stall' }] });
      const stalled = createAsync(hub, 'stall-exec').then(
        (res) => `answered ${res.status}`,
        () => 'failed',
      );
      assert.equal(await within(stalled, 500), 'pending', 'a stalled upload is not answered');
      const [record] = hub.requests();
      assert.equal(record?.fault, 'upload stall');
      assert.equal(record?.status, 0);
      assert.equal(record?.bytesReceived, 0);
      assert.equal(hub.state().counts.tasksCreated, 0);
      hub.reset();
      assert.equal(await within(stalled, 2000), 'failed', 'reset() ends the stalled request');
    });

    it('stall after afterBytes stops reading there', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'stall', afterBytes: 1000 }] });
      const size = 16 * 1024 * 1024;
      const body = new Blob([new Uint8Array(size)]);
      const stalled = post(`${hub.url}/v2/rpc/executor.createAsync`, body, { ...TOKEN, 'content-type': 'application/octet-stream' }).then(
        () => 'answered',
        () => 'failed',
      );
      assert.equal(await within(stalled, 700), 'pending');
      const [record] = hub.requests();
      assert.ok((record?.bytesReceived ?? 0) >= 1000, `read ${record?.bytesReceived}`);
      assert.ok((record?.bytesReceived ?? 0) < size, `read ${record?.bytesReceived}: all of it`);
      hub.reset();
      assert.equal(await within(stalled, 2000), 'failed');
    });

    it('slow-answer reads everything, waits delayMs, then answers normally', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'slow-answer', delayMs: 400 }] });
      const started = Date.now();
      const taskId = await taskIdOf(await createAsync(hub, 'slow-exec'));
      assert.ok(Date.now() - started >= 380, `answered after ${Date.now() - started}ms`);
      const [record] = hub.requests();
      assert.equal(record?.fault, 'upload slow-answer 400ms');
      assert.equal(record?.fields['id'], 'slow-exec');
      assert.deepEqual(
        hub.state().tasks.map((t) => t._id),
        [taskId],
      );
    });

    it('html answers 200 with an HTML page and starts nothing', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'html' }] });
      const res = await createAsync(hub, 'html-exec');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /^<!DOCTYPE html>/);
      assert.equal(hub.state().counts.tasksCreated, 0);
      assert.ok((hub.requests()[0]?.bytesReceived ?? 0) > 0, 'the body was read');
    });

    it('answer-lost: the upload is processed (task and build made), then answered 502 instead', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'answer-lost' }] });
      const res = await createAsync(hub, 'lost-exec');
      assert.equal(res.status, 502);
      const body = (await res.json()) as { code: number; message: string };
      assert.equal(body.code, 502);
      assert.equal(hub.state().counts.tasksCreated, 1);
      assert.deepEqual(
        hub.requests().map((r) => [r.status, r.fault]),
        [[502, 'upload processed, answer lost (HTTP 502)']],
      );
      // The task is there to be found, and its build runs to the end.
      const list = new FormData();
      list.append('id', 'lost-exec');
      list.append('sort', '-createdAt');
      list.append('pageSize', '5');
      const listed = await post(`${hub.url}/v2/rpc/executor.listAsyncTasks`, list, TOKEN);
      const tasks = ((await listed.json()) as { data: Array<{ _id: string; createdAt: string }> }).data;
      assert.equal(tasks.length, 1);
      assert.ok(Number.isFinite(Date.parse(tasks[0]?.createdAt ?? '')));
      assert.ok(listed.headers.get('date'), 'the Hub tells its clock');
      const text = (await readAll(await queryProgress(hub, tasks[0]?._id ?? ''))).text;
      assert.match(text, /"status":"succeeded"/);
    });

    it('answer-lost with reset: the upload is processed, then the connection is cut', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'answer-lost', reset: true }] });
      await assert.rejects(createAsync(hub, 'lost-reset-exec'));
      await sleep(50);
      assert.equal(hub.state().counts.tasksCreated, 1);
      assert.equal(hub.requests()[0]?.fault, 'upload processed, answer lost (reset)');
    });

    it('answer-lost on an anonymous create: the executor (and its secret) is made, the answer is a 504', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'answer-lost', status: 504 }] });
      const form = await uploadForm('lost-anon-exec');
      form.delete('id');
      const res = await post(`${hub.url}/v2/rpc/executor.create`, form);
      assert.equal(res.status, 504);
      const text = await res.text();
      assert.ok(!/complete|secret/.test(text), text);
      assert.equal(hub.state().counts.tasksCreated, 1);
      assert.ok(hub.state().executors.some((e) => e.name === 'lost-anon-exec'));
    });

    it('pretty-answer: the answer is the same JSON, pretty-printed over several lines, with extra fields', async () => {
      hub.setFaults({ uploadSequence: [{ mode: 'pretty-answer' }] });
      const res = await createAsync(hub, 'pretty-exec');
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.ok(text.split('\n').length > 5, text);
      const answer = JSON.parse(text) as { code: number; data: { _id: string }; servedBy: string };
      assert.equal(answer.code, 202);
      assert.equal(answer.servedBy, 'local-hub');
      assert.equal(answer.data._id, hub.state().tasks[0]?._id);
    });

    it('checks the shape of answer-lost and honourIdempotencyKey', async () => {
      for (const body of [{ uploadSequence: [{ mode: 'answer-lost', reset: 'yes' }] }, { honourIdempotencyKey: 'yes' }]) {
        const res = await fetch(`${hub.url}/_hub/faults`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(BOUND_MS) });
        assert.equal(res.status, 400, JSON.stringify(body));
        await res.text();
      }
    });

    it('redirect to the other origin points at the same path on the mirror, which serves the same Hub', async () => {
      assert.notEqual(hub.mirrorUrl, hub.url);
      assert.match(hub.mirrorUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      hub.setFaults({ uploadSequence: [{ mode: 'redirect', status: 307, to: 'other-origin' }] });
      const moved = await createAsync(hub, 'moved-exec', { 'idempotency-key': 'k-1' });
      assert.equal(moved.status, 307);
      await moved.text();
      const location = moved.headers.get('location') ?? '';
      assert.equal(location, `${hub.mirrorUrl}/v2/rpc/executor.createAsync`);

      // A careful client follows it without the token: the mirror records that, and refuses.
      const anonymous = await post(location, await uploadForm('moved-exec'), { 'idempotency-key': 'k-1' });
      assert.equal(anonymous.status, 401);
      await anonymous.text();
      // With the token, the mirror is the same Hub: the task shows in the main listener's state.
      const taskId = await taskIdOf(await createAsync(hub, 'moved-exec', {}, hub.mirrorUrl));
      assert.ok(hub.state().tasks.some((t) => t._id === taskId));

      const records = hub.requests().map((r) => ({
        listener: r.listener,
        origin: r.origin,
        authorization: r.authorization,
        key: r.idempotencyKey,
        upload: r.upload,
      }));
      assert.deepEqual(records, [
        { listener: 'main', origin: hub.url, authorization: true, key: 'k-1', upload: true },
        { listener: 'mirror', origin: hub.mirrorUrl, authorization: false, key: 'k-1', upload: true },
        { listener: 'mirror', origin: hub.mirrorUrl, authorization: true, key: null, upload: true },
      ]);
      const { counts } = hub.state();
      assert.deepEqual(counts.byListener, { main: 1, mirror: 2 });
      assert.equal(counts.mirrorAuthorized, 1);
      assert.ok(!JSON.stringify(counts).includes('demo-token'), 'counts never hold the token');
    });

    it('redirect to the same origin, 308 and 302 too', async () => {
      hub.setFaults({
        uploadSequence: [
          { mode: 'redirect', status: 308, to: 'same-origin' },
          { mode: 'redirect', status: 302, to: 'other-origin' },
        ],
      });
      const same = await createAsync(hub, 'r-exec');
      assert.equal(same.status, 308);
      assert.equal(same.headers.get('location'), `${hub.url}/v2/rpc/executor.createAsync`);
      await same.text();
      const found = await createAsync(hub, 'r-exec', {}, hub.mirrorUrl);
      assert.equal(found.status, 302);
      assert.equal(found.headers.get('location'), `${hub.url}/v2/rpc/executor.createAsync`, 'from the mirror, the other origin is the main one');
      await found.text();
      assert.equal(hub.state().counts.tasksCreated, 0);
    });
  });

  describe('statusSequence', () => {
    it('plays each broken answer once, in order, then the normal stream', async () => {
      const taskId = await taskIdOf(await createAsync(hub, 'st-exec'));
      hub.setFaults({
        statusSequence: [
          { mode: 'html' },
          { mode: 'huge-line', bytes: 5_000_000 },
          { mode: 'truncated-json' },
          { mode: 'garbage-line', lines: 3 },
          { mode: 'empty' },
          { mode: 'break', afterLines: 2 },
          { mode: 'garbage-line', beforeStream: true },
        ],
      });
      const html = await queryProgress(hub, taskId);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await html.text(), /<html>/);

      const huge = await (await queryProgress(hub, taskId)).text();
      assert.equal(Buffer.byteLength(huge), 5_000_000);
      assert.equal(huge.indexOf('\n'), huge.length - 1, 'one line');
      assert.equal((JSON.parse(huge) as Line)['type'], 'padding');

      const truncated = await (await queryProgress(hub, taskId)).text();
      assert.throws(() => JSON.parse(truncated));
      assert.ok(!truncated.endsWith('\n'));

      const garbage = await (await queryProgress(hub, taskId)).text();
      assert.equal(garbage.split('\n').filter((l) => l !== '').length, 3);
      assert.ok(garbage.split('\n').every((l) => l === '' || !l.startsWith('{')));

      assert.equal(await (await queryProgress(hub, taskId)).text(), '');

      const cut = await readAll(await queryProgress(hub, taskId));
      assert.equal(cut.broke, true);
      assert.equal(cut.text.split('\n').filter((l) => l !== '').length, 2);

      const prefixed = await readAll(await queryProgress(hub, taskId));
      const [junk, ...rest] = prefixed.text.split('\n').filter((l) => l !== '');
      assert.match(junk ?? '', /garbage/);
      assert.ok(rest.length > 0);
      for (const l of rest) JSON.parse(l);

      const normal = parseLines(await (await queryProgress(hub, taskId)).text());
      assert.equal(normal.at(-1)?.['status'], 'succeeded');
      assert.equal(hub.state().faults.statusSequence, undefined);
      assert.deepEqual(
        hub.requests().filter((r) => r.method === 'executor.queryProgress').map((r) => r.fault),
        [
          'status-stream html',
          'status-stream huge-line',
          'status-stream truncated-json',
          'status-stream garbage-line',
          'status-stream empty',
          'status-stream break after 2 lines',
          'status-stream garbage-line',
          null,
        ],
      );
      assert.deepEqual(hub.state().counts.requests, { 'executor.createAsync': 1, 'executor.queryProgress': 8 });
    });

    it('count repeats a step', async () => {
      const taskId = await taskIdOf(await createAsync(hub, 'rep-exec'));
      hub.setFaults({ statusSequence: [{ mode: 'empty', count: 3 }] });
      for (let i = 0; i < 3; i++) assert.equal(await (await queryProgress(hub, taskId)).text(), '');
      assert.ok((await (await queryProgress(hub, taskId)).text()).length > 0);
    });

    it('stall answers the headers, then nothing; reset() ends it', async () => {
      const taskId = await taskIdOf(await createAsync(hub, 'sst-exec'));
      hub.setFaults({ statusSequence: [{ mode: 'stall' }] });
      const res = await queryProgress(hub, taskId);
      assert.equal(res.status, 200);
      const body = readAll(res);
      assert.equal(await within(body, 500), 'pending', 'a stalled stream sends nothing');
      hub.reset();
      const ended = await within(body, 2000);
      assert.notEqual(ended, 'pending', 'reset() ends a stalled stream');
      assert.equal(ended === 'pending' ? '?' : ended.text, '');
    });
  });

  describe('the hooks over HTTP', () => {
    it('POST /_hub/faults takes sequences and refuses a malformed one with a sentence', async () => {
      const set = await fetch(`${hub.url}/_hub/faults`, {
        method: 'POST',
        body: JSON.stringify({ uploadSequence: [{ mode: 'status', status: 503 }], statusSequence: [{ mode: 'stall' }] }),
        signal: AbortSignal.timeout(BOUND_MS),
      });
      assert.equal(set.status, 200);
      const { faults } = (await set.json()) as { faults: Record<string, unknown> };
      assert.deepEqual(faults['uploadSequence'], [{ mode: 'status', status: 503 }]);
      assert.deepEqual(faults['statusSequence'], [{ mode: 'stall' }]);

      for (const bad of [
        { uploadSequence: [{ mode: 'explode' }] },
        { uploadSequence: { mode: 'status' } },
        { statusSequence: [{ mode: 'huge-line', bytes: -1 }] },
        { uploadSequence: [{ mode: 'redirect', to: 'elsewhere' }] },
        { uploadSequence: [{ mode: 'slow-answer' }] },
      ]) {
        const res = await fetch(`${hub.url}/_hub/faults`, { method: 'POST', body: JSON.stringify(bad), signal: AbortSignal.timeout(BOUND_MS) });
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.match(((await res.json()) as { message: string }).message, /^faults: /);
      }
      const state = (await (await fetch(`${hub.url}/_hub/state`, { signal: AbortSignal.timeout(BOUND_MS) })).json()) as {
        counts: { uploadTries: number };
      };
      assert.equal(state.counts.uploadTries, 0);
    });

    it('the mirror serves the hooks too', async () => {
      const res = await fetch(`${hub.mirrorUrl}/_hub/health`, { signal: AbortSignal.timeout(BOUND_MS) });
      assert.deepEqual(await res.json(), { ok: true });
    });
  });
});

describe('local hub close() with faults in flight', { timeout: 10_000 }, () => {
  it('ends promptly with a stalled upload, a stalled stream and a slow answer pending', async () => {
    const hub = await startHub({ buildMs: 200 });
    try {
      const taskId = await taskIdOf(await createAsync(hub, 'close-exec'));
      hub.setFaults({
        uploadSequence: [{ mode: 'stall' }, { mode: 'slow-answer', delayMs: 60_000 }],
        statusSequence: [{ mode: 'stall' }],
      });
      const stalled = createAsync(hub, 'close-exec').catch((err: unknown) => err);
      const slow = createAsync(hub, 'close-exec').catch((err: unknown) => err);
      const stream = await queryProgress(hub, taskId);
      await sleep(150);
      const started = Date.now();
      await hub.close();
      assert.ok(Date.now() - started < 2000, `close() took ${Date.now() - started}ms`);
      assert.ok((await within(stalled, 2000)) instanceof Error);
      assert.ok((await within(slow, 2000)) instanceof Error);
      assert.notEqual(await within(readAll(stream), 2000), 'pending');
      assert.equal(hub.state().counts.tasksCreated, 1, 'the cancelled slow answer started no build');
    } finally {
      await hub.close();
    }
  });
});
