import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { zipOf } from '../zip-buffer.js';
import { startHub } from '../../local-hub/server.js';
import type { LocalHub } from '../../local-hub/server.js';

type Line = Record<string, unknown>;

function executorFiles(name: string, requirements = 'jina\n'): Record<string, string> {
  return {
    'config.yml': `jtype: MyExecutor\nmetas:\n  name: ${name}\n  py_modules:\n    - executor.py\n`,
    'executor.py': 'from jina import Executor\nclass MyExecutor(Executor):\n    pass\n',
    'requirements.txt': requirements,
  };
}

function md5(buf: Buffer): string {
  return createHash('md5').update(buf).digest('hex');
}

function uploadForm(zip: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  const all: Record<string, string> = { public: 'True', private: 'False', md5sum: md5(zip), ...fields };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'executor.zip');
  return form;
}

const TOKEN = { authorization: 'token demo-token' };

async function rpc(
  hub: LocalHub,
  method: string,
  body: FormData | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers: { 'jinameta-session-id': 'test-session', ...headers } };
  if (body instanceof FormData) init.body = body;
  else {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  return fetch(`${hub.url}/v2/rpc/${method}`, { ...init, signal: AbortSignal.timeout(5000) });
}

function parseLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

async function lines(res: Response): Promise<Line[]> {
  return parseLines(await res.text());
}

/** Reads a stream that may break: the complete lines received and whether it broke. */
async function readMaybeBroken(res: Response): Promise<{ lines: Line[]; broke: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let broke = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    broke = true;
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return { lines: parseLines(complete), broke };
}

function progressForm(id: string, replay = true): FormData {
  const form = new FormData();
  form.append('id', id);
  form.append('replay', replay ? 'True' : 'False');
  form.append('verbose', 'False');
  return form;
}

/** Asks queryProgress until a terminal report arrives. */
async function waitTask(hub: LocalHub, taskId: string): Promise<{ terminal: Line; all: Line[] }> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const all = await lines(await rpc(hub, 'executor.queryProgress', progressForm(taskId), TOKEN));
    const terminal = all.find((l) => l['type'] === 'report' && (l['status'] === 'succeeded' || l['status'] === 'failed'));
    if (terminal) return { terminal, all };
  }
  throw new Error(`task ${taskId} did not end in time`);
}

async function createAsync(
  hub: LocalHub,
  name: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
  files = executorFiles(name),
): Promise<Response> {
  const zip = await zipOf(files);
  return rpc(hub, 'executor.createAsync', uploadForm(zip, { id: name, ...fields }), { ...TOKEN, ...headers });
}

async function taskIdOf(res: Response): Promise<string> {
  assert.equal(res.status, 200);
  const [first] = await lines(res);
  assert.equal(first?.['code'], 202);
  return (first?.['data'] as { _id: string })._id;
}

describe('local hub', { timeout: 30000 }, () => {
  let hub: LocalHub;

  before(async () => {
    hub = await startHub({ buildMs: 200, streamMs: 1000 });
  });
  after(async () => {
    await hub.close();
  });
  beforeEach(() => hub.reset());

  it('createAsync with a token, then queryProgress with replay ends succeeded with the tags', async () => {
    const res = await createAsync(hub, 'hello-exec', { tags: 'v1.0.0,latest', immutableTags: 'stable' });
    const taskId = await taskIdOf(res);
    const { terminal, all } = await waitTask(hub, taskId);
    assert.equal(terminal['status'], 'succeeded');
    const result = terminal['result'] as { name: string; owner: { name: string }; commit: { tags: string[] }; secret?: string };
    assert.equal(result.name, 'hello-exec');
    assert.deepEqual(result.owner, { name: 'demo' });
    assert.deepEqual(result.commit.tags, ['v1.0.0', 'latest', 'stable']);
    assert.equal(result.secret, undefined);
    const sns = all.filter((l) => l['type'] === 'progress').map((l) => (l['data'] as { sn: number }).sn);
    assert.ok(sns.length >= 6, `expected >= 6 log events, got ${sns.length}`);
    assert.deepEqual(sns, sns.map((_, i) => i));
    assert.equal(all.at(-1), terminal, 'the terminal report is the last line');
    const exec = hub.state().executors[0];
    assert.deepEqual(exec?.protectedTags, ['stable']);
    const recorded = hub.requests().find((r) => r.method === 'executor.createAsync');
    assert.equal(recorded?.headers['jinameta-session-id'], 'test-session');
    assert.equal(recorded?.fields['id'], 'hello-exec');
    assert.equal(recorded?.status, 200);
    assert.equal(recorded?.file?.md5, recorded?.fields['md5sum']);
  });

  it('refuses a protected tag with 403/40902 before any task', async () => {
    const first = await taskIdOf(await createAsync(hub, 'prot-exec', { immutableTags: 'v1' }));
    assert.equal((await waitTask(hub, first)).terminal['status'], 'succeeded');
    const res = await createAsync(hub, 'prot-exec', { tags: 'v1' });
    assert.equal(res.status, 403);
    const body = (await res.json()) as { status: number; message: string };
    assert.equal(body.status, 40902);
    assert.match(body.message, /v1/);
    assert.equal(hub.state().tasks.length, 1);
  });

  it('ignores Idempotency-Key by default, as a Hub must be assumed to: a repeated upload builds twice', async () => {
    const key = { 'idempotency-key': 'key-0' };
    const a = await taskIdOf(await createAsync(hub, 'idem-off-exec', {}, key));
    const b = await taskIdOf(await createAsync(hub, 'idem-off-exec', {}, key));
    assert.notEqual(a, b);
    assert.equal(hub.state().tasks.filter((t) => t.executorName === 'idem-off-exec').length, 2);
  });

  it('told to honour Idempotency-Key, answers a repeated key with the same task and starts one build', async () => {
    hub.setFaults({ honourIdempotencyKey: true });
    const key = { 'idempotency-key': 'key-1' };
    const a = await taskIdOf(await createAsync(hub, 'idem-exec', {}, key));
    const b = await taskIdOf(await createAsync(hub, 'idem-exec', {}, key));
    assert.equal(a, b);
    assert.equal(hub.state().tasks.filter((t) => t.executorName === 'idem-exec').length, 1);
    assert.equal(hub.requests().filter((r) => r.method === 'executor.createAsync' && r.fields['id'] === 'idem-exec').length, 2);
  });

  it('anonymous executor.create streams the build and returns the secret; getPackage never shows it', async () => {
    const zip = await zipOf(executorFiles('anon-exec'));
    const res = await rpc(hub, 'executor.create', uploadForm(zip, { buildEnv: '{"A":"1"}' }));
    assert.equal(res.status, 200);
    const all = await lines(res);
    const complete = all.at(-1);
    assert.equal(complete?.['type'], 'complete');
    assert.equal(complete?.['subject'], 'createExecutor');
    const payload = complete?.['payload'] as { secret: string; name: string; owner?: unknown };
    assert.match(payload.secret, /^[0-9a-f]{32}$/);
    assert.equal(payload.name, 'anon-exec');
    assert.equal(payload.owner, undefined);
    assert.ok(all.some((l) => l['type'] === 'console'));
    const pkg = await rpc(hub, 'executor.getPackage', { id: 'anon-exec' });
    const text = await pkg.text();
    assert.equal(pkg.status, 200);
    assert.ok(!text.includes(payload.secret));
    assert.deepEqual((JSON.parse(text) as { data: { commit: { commitParams: unknown } } }).data.commit.commitParams, {
      buildEnv: { A: '***' },
    });
  });

  it('executor.update with a wrong secret is 403/40301', async () => {
    const zip = await zipOf(executorFiles('upd-exec'));
    await lines(await rpc(hub, 'executor.create', uploadForm(zip)));
    const res = await rpc(hub, 'executor.update', uploadForm(zip, { id: 'upd-exec', secret: 'wrong' }));
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { status: number }).status, 40301);
    const missing = await rpc(hub, 'executor.update', uploadForm(zip, { id: 'upd-exec' }));
    assert.equal(((await missing.json()) as { status: number }).status, 40001);
  });

  it('fails the build naming a ${VAR} of requirements.txt missing from buildEnv', async () => {
    const files = executorFiles('env-exec', 'git+https://${GH_TOKEN}@github.com/x/y.git\n${OTHER}\n');
    const res = await createAsync(hub, 'env-exec', { buildEnv: '{"OTHER":"x"}' }, {}, files);
    const { terminal, all } = await waitTask(hub, await taskIdOf(res));
    assert.equal(terminal['status'], 'failed');
    assert.match(String(terminal['message']), /GH_TOKEN/);
    assert.doesNotMatch(String(terminal['message']), /but buildEnv has no .*OTHER/);
    const lastLog = all.filter((l) => l['type'] === 'progress').at(-1) as { data: { data: { payload: string } } };
    assert.match(lastLog.data.data.payload, /GH_TOKEN/);
    assert.equal(hub.state().executors[0]?.versions.length, 0);
  });

  it('uploadFailures: a 503 with Retry-After and no task, then success', async () => {
    hub.setFaults({ uploadFailures: { count: 1, status: 503, retryAfter: '1' } });
    const failed = await createAsync(hub, 'flaky-exec');
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '1');
    assert.equal(((await failed.json()) as { status: number }).status, 50001);
    assert.equal(hub.state().tasks.length, 0);
    const ok = await createAsync(hub, 'flaky-exec');
    await taskIdOf(ok);
    assert.equal(hub.state().tasks.length, 1);
    assert.deepEqual(
      hub.requests().map((r) => r.status),
      [503, 200],
    );
  });

  it('uploadFailures reset mode cuts the connection and records the try', async () => {
    hub.setFaults({ uploadFailures: { count: 1, mode: 'reset' } });
    const big = { ...executorFiles('reset-exec'), 'data.bin': 'x'.repeat(300000) };
    await assert.rejects(createAsync(hub, 'reset-exec', {}, {}, big));
    assert.equal(hub.state().tasks.length, 0);
    assert.equal(hub.requests()[0]?.status, 0);
  });

  it('breakStreams cuts a queryProgress stream after N lines; the next one completes', async () => {
    const taskId = await taskIdOf(await createAsync(hub, 'brk-exec'));
    hub.setFaults({ breakStreams: { count: 1, afterLines: 2 } });
    const res = await rpc(hub, 'executor.queryProgress', progressForm(taskId), TOKEN);
    const cut = await readMaybeBroken(res);
    assert.equal(cut.broke, true);
    assert.equal(cut.lines.length, 2);
    assert.equal(cut.lines[0]?.['type'], 'report');
    const { terminal } = await waitTask(hub, taskId);
    assert.equal(terminal['status'], 'succeeded');
  });

  it('queryProgress of an unknown task is 404/40403', async () => {
    const res = await rpc(hub, 'executor.queryProgress', progressForm('0'.repeat(24)), TOKEN);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { status: number }).status, 40403);
  });

  it('getPackage: 404 for unknown executor or tag, 200 with the published version', async () => {
    const missing = await rpc(hub, 'executor.getPackage', { id: 'nope' }, TOKEN);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { status: number }).status, 40403);
    const taskId = await taskIdOf(await createAsync(hub, 'pkg-exec', { tags: 'v2', buildEnv: '{"K":"secret-value"}' }));
    await waitTask(hub, taskId);
    const noTag = await rpc(hub, 'executor.getPackage', { id: 'pkg-exec', tag: 'v9' }, TOKEN);
    assert.equal(noTag.status, 404);
    await noTag.text();
    const ok = await rpc(hub, 'executor.getPackage', { id: 'pkg-exec', tag: 'v2', include: ['code'] }, TOKEN);
    assert.equal(ok.status, 200);
    const text = await ok.text();
    assert.ok(!text.includes('secret-value'));
    const data = (JSON.parse(text) as { data: { name: string; owner: { name: string }; commit: { tags: string[] }; package: { md5: string; download: string } } }).data;
    assert.equal(data.name, 'pkg-exec');
    assert.deepEqual(data.owner, { name: 'demo' });
    assert.deepEqual(data.commit.tags, ['v2']);
    const download = await fetch(data.package.download);
    assert.equal(md5(Buffer.from(await download.arrayBuffer())), data.package.md5);
    const list = await rpc(hub, 'executor.listAsyncTasks', { id: 'pkg-exec', sort: '-createdAt', pageSize: 5 }, TOKEN);
    assert.deepEqual(((await list.json()) as { data: { _id: string }[] }).data.map((t) => t._id), [taskId]);
  });

  it('auth: unknown token 401/40102, missing token 401/40103, name of someone else 42202', async () => {
    const bad = await createAsync(hub, 'auth-exec', {}, { authorization: 'token nope' });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { status: number }).status, 40102);
    const zip = await zipOf(executorFiles('auth-exec'));
    const none = await rpc(hub, 'executor.createAsync', uploadForm(zip, { id: 'auth-exec' }));
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { status: number }).status, 40103);
    await taskIdOf(await createAsync(hub, 'auth-exec'));
    hub.addToken('other-token', 'other');
    const taken = await createAsync(hub, 'auth-exec', {}, { authorization: 'token other-token' });
    assert.equal(taken.status, 409);
    assert.equal(((await taken.json()) as { status: number }).status, 42202);
  });

  it('exposes the hooks over HTTP', async () => {
    const faults = await fetch(`${hub.url}/_hub/faults`, {
      method: 'POST',
      body: JSON.stringify({ nextBuild: { fail: 'boom' } }),
    });
    assert.equal(faults.status, 200);
    await faults.text();
    const taskId = await taskIdOf(await createAsync(hub, 'hook-exec'));
    const { terminal } = await waitTask(hub, taskId);
    assert.equal(terminal['status'], 'failed');
    assert.equal(terminal['message'], 'boom');
    const state = (await (await fetch(`${hub.url}/_hub/state`)).json()) as { tasks: unknown[] };
    assert.equal(state.tasks.length, 1);
    const reqs = (await (await fetch(`${hub.url}/_hub/requests`)).json()) as unknown[];
    assert.ok(reqs.length >= 2);
    await (await fetch(`${hub.url}/_hub/reset`, { method: 'POST' })).text();
    assert.equal(hub.state().tasks.length, 0);
  });
});

describe('local hub close()', { timeout: 10000 }, () => {
  it('ends promptly with an open stream and a stalled upload', async () => {
    const hub = await startHub({ buildMs: 200, streamMs: 60000 });
    try {
      hub.setFaults({ nextBuild: { neverEnds: true } });
      const taskId = await taskIdOf(await createAsync(hub, 'slow-exec'));
      const stream = await rpc(hub, 'executor.queryProgress', progressForm(taskId), TOKEN);
      hub.setFaults({ uploadFailures: { count: 1, mode: 'stall' } });
      const stalled = createAsync(hub, 'slow-exec').catch((err: unknown) => err);
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      await hub.close();
      assert.ok(Date.now() - started < 2000);
      await readMaybeBroken(stream);
      assert.ok((await stalled) instanceof Error);
    } finally {
      await hub.close();
    }
  });
});
