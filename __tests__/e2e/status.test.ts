// Status mode (jina hub status): wait on a task by ID, or on the newest build of a folder.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { executorFolder, errorsOf, logOf, runStep } from './harness.js';

const TOKEN = 'carol-token-31c4';
let hub: LocalHub;

before(async () => {
  hub = await startHub({ tokens: { [TOKEN]: 'carol' }, buildMs: 600, streamMs: 2000 });
});
after(async () => hub.close());
beforeEach(() => hub.reset());

const sent = () => hub.requests().map((r) => r.method);

async function pushWithoutWaiting(folder: string): Promise<string> {
  const r = await runStep({ path: folder, token: TOKEN, wait: 'false', tags: 'v3', registry: hub.url });
  assert.equal(r.code, 0, logOf(r));
  const taskId = r.outputs['task-id'];
  assert.ok(taskId);
  hub.clearRequests();
  return taskId;
}

describe('status mode', () => {
  it('task-id waits on that build, uploads nothing, and sets the outputs', async () => {
    const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
    const taskId = await pushWithoutWaiting(folder);
    const r = await runStep({ 'task-id': taskId, token: TOKEN, registry: hub.url });
    assert.equal(r.code, 0, logOf(r));
    assert.ok(sent().every((m) => m === 'executor.queryProgress'), `sent ${sent().join(', ')}`);
    const executor = hub.state().executors[0];
    assert.equal(r.outputs['task-id'], taskId);
    assert.equal(r.outputs.status, 'succeeded');
    assert.equal(r.outputs.name, 'MyEncoder');
    assert.equal(r.outputs.id, executor?.id);
    assert.equal(r.outputs.uri, 'jinaai+docker://carol/MyEncoder:v3');
    assert.deepEqual(JSON.parse(r.outputs.tags ?? 'null'), ['v3']);
  });

  it('status-only finds the newest build of the executor in path', async () => {
    const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
    await pushWithoutWaiting(folder);
    const newest = await pushWithoutWaiting(folder);
    const r = await runStep({ path: folder, 'status-only': 'true', token: TOKEN, registry: hub.url });
    assert.equal(r.code, 0, logOf(r));
    const list = hub.requests().find((q) => q.method === 'executor.listAsyncTasks');
    assert.equal(list?.fields.id, 'MyEncoder');
    assert.equal(list?.fields.sort, '-createdAt');
    assert.equal(r.outputs['task-id'], newest);
    assert.ok(!sent().some((m) => m.startsWith('executor.create')), 'nothing uploaded');
  });

  it('replay shows the build log from its start; without it, a finished build shows only its state', async () => {
    const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
    const taskId = await pushWithoutWaiting(folder);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const task = hub.state().tasks.find((t) => t._id === taskId);
    assert.equal(task?.status, 'succeeded');
    const first = String(task?.log[0]?.data.payload);

    const replayed = await runStep({ 'task-id': taskId, replay: 'true', token: TOKEN, registry: hub.url });
    assert.equal(replayed.code, 0, logOf(replayed));
    assert.ok(logOf(replayed).split('\n').includes(first), 'the first log line is replayed');
    assert.equal(hub.requests().find((q) => q.method === 'executor.queryProgress')?.fields.replay, 'True');

    hub.clearRequests();
    const plain = await runStep({ 'task-id': taskId, token: TOKEN, registry: hub.url });
    assert.equal(plain.code, 0, logOf(plain));
    assert.ok(!logOf(plain).split('\n').includes(first));
    assert.equal(hub.requests().find((q) => q.method === 'executor.queryProgress')?.fields.replay, 'False');
    assert.equal(plain.outputs.status, 'succeeded');
  });

  it('a failed task fails the step with the reason', async () => {
    const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
    hub.setFaults({ nextBuild: { fail: 'out of disk space' } });
    const taskId = await pushWithoutWaiting(folder);
    const r = await runStep({ 'task-id': taskId, token: TOKEN, registry: hub.url });
    assert.equal(r.code, 1);
    assert.equal(r.outputs.status, 'failed');
    assert.match(errorsOf(r), /the build of .* failed: out of disk space/);
  });

  it('an unknown task ID is a clear error', async () => {
    const r = await runStep({ 'task-id': 'aaaaaaaaaaaaaaaaaaaaaaaa', token: TOKEN, registry: hub.url });
    assert.equal(r.code, 1);
    assert.match(errorsOf(r), /build task aaaaaaaaaaaaaaaaaaaaaaaa was not found on the Hub/);
  });

  it('status-only for a folder that never built says so', async () => {
    const folder = await executorFolder();
    const r = await runStep({ path: folder, 'status-only': 'true', token: TOKEN, registry: hub.url });
    assert.equal(r.code, 1);
    assert.match(errorsOf(r), /no build of MyEncoder was found on the Hub/);
  });
});
