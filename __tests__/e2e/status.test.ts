// Status mode (jina hub status): wait on a task by ID, or on the newest build of a folder, against a
// Hub of each API generation (status mode reads only methods both have).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHub, type HubApi, type LocalHub } from '../../local-hub/server.js';
import { errorsOf, executorFolder, logOf, runStep } from './harness.js';

const TOKEN = 'carol-token-31c4';
const DAVE = 'dave-token-9e01';
const MODES: HubApi[] = ['async', 'push', 'both'];

for (const api of MODES) {
  let hub: LocalHub;
  const sent = () => hub.requests().map((r) => r.method);

  /** A push that does not wait (with the push generation it waits anyway); its task ID. */
  async function pushWithoutWaiting(folder: string, token = TOKEN, code = 0): Promise<string> {
    const r = await runStep({ path: folder, token, wait: 'false', tags: 'v3', registry: hub.url });
    assert.equal(r.code, code, logOf(r));
    const taskId = r.outputs['task-id'];
    assert.ok(taskId);
    hub.clearRequests();
    return taskId;
  }

  describe(`against a Hub of the ${api} generation`, () => {
    before(async () => {
      hub = await startHub({ api, tokens: { [TOKEN]: 'carol', [DAVE]: 'dave' }, buildMs: 600, streamMs: 2000 });
    });
    after(async () => hub.close());
    beforeEach(() => hub.reset());

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
        // With a token: the token owner's executor, as <owner>/<name>.
        assert.equal(list?.fields.id, 'carol/MyEncoder');
        assert.equal(list?.fields.sort, '-createdAt');
        assert.equal(r.outputs['task-id'], newest);
        assert.ok(!hub.requests().some((q) => q.upload || q.probe), 'nothing uploaded, nothing probed');
      });

      it('status-only without a token looks the executor up by its name', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const newest = await pushWithoutWaiting(folder);
        const r = await runStep({ path: folder, 'status-only': 'true', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        assert.equal(hub.requests().find((q) => q.method === 'executor.listAsyncTasks')?.fields.id, 'MyEncoder');
        assert.equal(r.outputs['task-id'], newest);
      });

      it('status-only with a token never follows another owner\'s executor of the same name', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        await pushWithoutWaiting(folder, DAVE);
        const r = await runStep({ path: folder, 'status-only': 'true', token: TOKEN, registry: hub.url });
        assert.equal(r.code, 1);
        assert.match(errorsOf(r), /no build of MyEncoder \(as carol\/MyEncoder\) was found on the Hub/);
        assert.ok(!sent().includes('executor.queryProgress'));
      });

      it('a succeeded report without result: the executor is looked up and reported', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { withoutResult: true } });
        const taskId = await pushWithoutWaiting(folder);
        const r = await runStep({ path: folder, 'status-only': 'true', token: TOKEN, registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const executor = hub.state().executors[0];
        assert.equal(r.outputs['task-id'], taskId);
        assert.equal(r.outputs.status, 'succeeded');
        assert.equal(r.outputs.id, executor?.id);
        assert.equal(r.outputs.uri, 'jinaai+docker://carol/MyEncoder:v3');
        assert.equal(hub.requests().find((q) => q.method === 'executor.getPackage')?.fields.id, 'carol/MyEncoder');
      });

      it('a succeeded report without result, for a task-id alone, fails saying the build succeeded and nothing is made up', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { withoutResult: true } });
        const taskId = await pushWithoutWaiting(folder);
        const r = await runStep({ 'task-id': taskId, token: TOKEN, registry: hub.url });
        assert.equal(r.code, 1);
        assert.match(errorsOf(r), new RegExp(`the build of the executor \\(task ${taskId}\\) succeeded, but the Hub did not say which executor it published`));
        assert.equal(r.outputs.id, undefined);
        assert.equal(r.outputs.uri, undefined);
        assert.equal(r.outputs.status, 'failed');
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
        // The push generation builds while it answers: that push fails already, with the task ID.
        const taskId = await pushWithoutWaiting(folder, TOKEN, api === 'push' ? 1 : 0);
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
        assert.match(errorsOf(r), /no build of MyEncoder \(as carol\/MyEncoder\) was found on the Hub/);
      });
    });
  });
}
