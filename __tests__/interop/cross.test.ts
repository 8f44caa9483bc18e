// Cross checks between the real clients and the action (dist/index.js, run as a runner runs it):
// a build pushed by a client is found and followed by the action's status mode, and one pushed by
// the action is found by the client's `status` by path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHub } from '../../local-hub/server.js';
import type { HubApi, LocalHub } from '../../local-hub/server.js';
import { logOf, runStep } from '../e2e/harness.js';
import { assertAvailable, runClient, suiteOptions, tail, workspace } from './clients.js';
import type { ClientVersion } from './clients.js';

const TOKEN = 'interop-token-77a2';
const OWNER = 'alice';

describe('the real clients and the action, each finding what the other pushed', { ...suiteOptions(), timeout: 240_000 }, () => {
  let hub: LocalHub;

  before(async () => {
    hub = await startHub({ tokens: { [TOKEN]: OWNER }, buildMs: 600, streamMs: 5000 });
  });
  after(async () => hub?.close());

  it('can run here', () => assertAvailable());

  const clientPushes: { client: ClientVersion; api: HubApi }[] = [
    { client: '0.26.4', api: 'async' },
    { client: '0.26.4', api: 'both' },
    { client: '0.39.0', api: 'push' },
    { client: '0.39.0', api: 'both' },
  ];
  for (const { client, api } of clientPushes) {
    it(`the action's status mode finds and follows what ${client} pushed to the ${api} Hub`, async () => {
      hub.reset();
      hub.setApi(api);
      const ws = await workspace();
      try {
        const pushed = await runClient(client, ['push', ws.folder, '-t', 'v1', '--build-env', 'PRIVATE_TOKEN=abc'], { registry: hub.url, token: TOKEN, home: ws.home });
        assert.equal(pushed.code, 0, tail(pushed));
        const task = hub.state().tasks.at(-1);
        const executor = hub.state().executors[0];
        assert.equal(task?.status, 'succeeded');
        hub.clearRequests();

        const byPath = await runStep({ path: ws.folder, 'status-only': 'true', token: TOKEN, registry: hub.url });
        assert.equal(byPath.code, 0, logOf(byPath));
        assert.equal(byPath.outputs['task-id'], task?._id);
        assert.equal(byPath.outputs.status, 'succeeded');
        assert.equal(byPath.outputs.id, executor?.id);
        assert.equal(byPath.outputs.uri, `jinaai+docker://${OWNER}/MyEncoder:v1`);

        const byId = await runStep({ 'task-id': task?._id ?? '?', replay: 'true', token: TOKEN, registry: hub.url });
        assert.equal(byId.code, 0, logOf(byId));
        assert.equal(byId.outputs.id, executor?.id);
        assert.ok(logOf(byId).includes(String(task?.log[0]?.data.payload)), 'the build log is replayed');
        assert.ok(hub.requests().every((q) => !q.upload), 'status mode uploads nothing');
      } finally {
        await ws.remove();
      }
    });
  }

  for (const api of ['async', 'both', 'push'] as const) {
    it(`0.39.0 status by path finds and follows what the action pushed to the ${api} Hub`, async () => {
      hub.reset();
      hub.setApi(api);
      const ws = await workspace();
      try {
        const step = await runStep({ path: ws.folder, token: TOKEN, tags: 'v1', 'build-env': 'PRIVATE_TOKEN=abc', registry: hub.url });
        assert.equal(step.code, 0, logOf(step));
        const taskId = step.outputs['task-id'];
        assert.ok(taskId, 'the action gives the task ID');
        assert.equal(hub.state().tasks.at(-1)?._id, taskId);

        const status = await runClient('0.39.0', ['status', ws.folder, '--replay', '--verbose'], { registry: hub.url, token: TOKEN, home: ws.home });
        assert.equal(status.code, 0, tail(status));
        assert.ok(status.output.includes(`Found task_id: ${taskId}`), tail(status));
        assert.match(status.output, /Step 1\/4 : FROM/, 'the replayed log');
        assert.ok(status.output.includes(`jinaai+docker://${OWNER}/MyEncoder:v1`), tail(status));
      } finally {
        await ws.remove();
      }
    });
  }
});
