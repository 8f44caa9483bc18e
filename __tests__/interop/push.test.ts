// The real `jina hub push` and `jina hub status` (jina-hubble-sdk 0.26.4 and 0.39.0) against the local
// Hub in the modes of their generation. Judged by what the Hub recorded and what the client printed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHub } from '../../local-hub/server.js';
import type { HubApi, LocalHub, RecordedRequest } from '../../local-hub/server.js';
import { assertAvailable, runClient, suiteOptions, tail, workspace } from './clients.js';
import type { ClientVersion } from './clients.js';

const TOKEN = 'interop-token-5e1f';
const OWNER = 'alice';
const BUILD_SECRET = 'b1ld3nvS3cr3tV4lue';

const CASES: { client: ClientVersion; api: HubApi }[] = [
  { client: '0.26.4', api: 'async' },
  { client: '0.26.4', api: 'both' },
  { client: '0.39.0', api: 'push' },
  { client: '0.39.0', api: 'both' },
];

/** What each generation sends for a first push and for a force-update with the secret, with a login. */
const METHODS: Record<ClientVersion, { first: string; update: string }> = {
  '0.26.4': { first: 'executor.createAsync', update: 'executor.updateAsync' },
  '0.39.0': { first: 'executor.push', update: 'executor.update' },
};

function uploadsOf(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.upload);
}

function pushArgs(folder: string, tag: string): string[] {
  return ['push', folder, '-t', tag, '--protected-tag', tag, '--build-env', `PRIVATE_TOKEN=${BUILD_SECRET}`, '--verbose'];
}

describe('the real clients against the local Hub', { ...suiteOptions(), timeout: 240_000 }, () => {
  let hub: LocalHub;

  before(async () => {
    hub = await startHub({ tokens: { [TOKEN]: OWNER }, buildMs: 600, streamMs: 5000 });
  });
  after(async () => hub?.close());

  it('can run here', () => assertAvailable());

  for (const [client, api, method] of [
    ['0.26.4', 'push', 'executor.createAsync'],
    ['0.39.0', 'async', 'executor.push'],
  ] as const) {
    it(`${client} against the ${api} Hub is refused, and the client shows the method the Hub lacks`, async () => {
      hub.reset();
      hub.setApi(api);
      const ws = await workspace();
      try {
        const r = await runClient(client, pushArgs(ws.folder, 'v1'), { registry: hub.url, token: TOKEN, home: ws.home });
        assert.ok(r.output.includes(`unknown rpc method ${method}`), tail(r));
        assert.ok(!/Published/.test(r.output), tail(r));
        const asked = hub.requests().find((q) => q.method === method);
        assert.equal(asked?.status, 404);
        assert.equal(hub.state().tasks.length, 0);
      } finally {
        await ws.remove();
      }
    });
  }

  for (const { client, api } of CASES) {
    describe(`${client} against the ${api} Hub`, () => {
      let ws: Awaited<ReturnType<typeof workspace>>;
      const run = (args: string[], token: string | undefined = TOKEN) => runClient(client, args, { registry: hub.url, token, home: ws.home });

      before(async () => {
        hub.reset();
        hub.setApi(api);
        ws = await workspace();
      });
      after(async () => ws?.remove());

      it('push with tags, a protected tag, a build-env secret and --verbose', async () => {
        const r = await run(pushArgs(ws.folder, 'v1'));
        assert.equal(r.code, 0, tail(r));
        assert.match(r.output, /Published/, tail(r));
        assert.ok(r.output.includes(`jinaai+docker://${OWNER}/MyEncoder:v1`), tail(r));
        assert.match(r.output, /Step 1\/4 : FROM/, 'verbose shows the build log');
        assert.ok(!r.output.includes(BUILD_SECRET), 'the build-env value is never echoed');

        const requests = hub.requests();
        assert.ok(requests.every((q) => q.status !== 404), `a method this Hub lacks was asked: ${requests.map((q) => `${q.method} ${q.status}`).join(', ')}`);
        const methods = requests.map((q) => q.method);
        assert.ok(methods.indexOf('user.identity.whoami') >= 0 && methods.indexOf('user.identity.whoami') < methods.indexOf(METHODS[client].first), methods.join(', '));
        const [upload, ...more] = uploadsOf(requests);
        assert.equal(more.length, 0, 'one upload');
        assert.equal(upload?.method, METHODS[client].first);
        assert.equal(upload?.fields['tags'], 'v1');
        assert.equal(upload?.fields['immutableTags'], 'v1');
        assert.equal(upload?.fields['verbose'], 'True');
        assert.deepEqual(JSON.parse(upload?.fields['buildEnv'] ?? '{}'), { PRIVATE_TOKEN: BUILD_SECRET });
        assert.deepEqual([upload?.fields['public'], upload?.fields['private']], ['False', 'False'], 'no visibility flag given');
        if (client === '0.26.4') assert.equal(upload?.fields['id'], undefined, 'createAsync carries no id');
        else assert.equal(upload?.fields['id'], 'MyEncoder');

        const state = hub.state();
        assert.equal(state.executors.length, 1);
        const [executor] = state.executors;
        assert.deepEqual([executor?.name, executor?.owner, executor?.visibility], ['MyEncoder', OWNER, 'public']);
        assert.deepEqual(executor?.versions.map((v) => v.tags), [['v1']]);
        assert.deepEqual(executor?.versions[0]?.buildEnv, { PRIVATE_TOKEN: BUILD_SECRET });
        assert.deepEqual(executor?.protectedTags, ['v1']);
        assert.deepEqual(state.tasks.map((t) => t.status), ['succeeded']);
        assert.ok(r.output.includes(executor?.id ?? '?'), 'the client shows the executor ID');
      });

      it('push again with force-update and the secret', async () => {
        const secret = hub.state().executors[0]?.secret ?? '?';
        hub.clearRequests();
        const r = await run([...pushArgs(ws.folder, 'v2'), '--force-update', 'MyEncoder', '--secret', secret]);
        assert.equal(r.code, 0, tail(r));
        assert.ok(r.output.includes(`jinaai+docker://${OWNER}/MyEncoder:v2`), tail(r));
        assert.ok(!r.output.includes(secret), 'the Hub does not show the secret again');

        const [upload, ...more] = uploadsOf(hub.requests());
        assert.equal(more.length, 0, 'one upload');
        assert.equal(upload?.method, METHODS[client].update);
        assert.equal(upload?.fields['id'], 'MyEncoder');
        assert.equal(upload?.fields['secret'], secret);
        const [executor, ...others] = hub.state().executors;
        assert.equal(others.length, 0, 'the same executor');
        assert.deepEqual(executor?.versions.map((v) => v.tags), [['v1'], ['v2']]);
        assert.deepEqual(executor?.protectedTags, ['v1', 'v2']);
        assert.deepEqual(hub.state().tasks.map((t) => t.status), ['succeeded', 'succeeded']);
      });

      it('status --replay --verbose follows the newest build', async () => {
        const newest = hub.state().tasks.at(-1);
        hub.clearRequests();
        const r = await run(['status', ws.folder, '--replay', '--verbose']);
        assert.equal(r.code, 0, tail(r));
        const query = hub.requests().find((q) => q.method === 'executor.queryProgress');
        assert.equal(query?.fields['id'], newest?._id);
        assert.equal(query?.fields['replay'], 'True');
        assert.equal(query?.fields['verbose'], 'True');
        if (client === '0.39.0') {
          const list = hub.requests().find((q) => q.method === 'executor.listAsyncTasks');
          assert.equal(list?.fields['id'], 'MyEncoder');
          assert.match(list?.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
          assert.ok(r.output.includes(`Found task_id: ${newest?._id ?? '?'}`), tail(r));
        }
        assert.match(r.output, /Step 1\/4 : FROM/, 'the replayed log');
        assert.match(r.output, /succeeded/, tail(r));
        assert.ok(r.output.includes(`jinaai+docker://${OWNER}/MyEncoder:v2`), tail(r));
        assert.ok(uploadsOf(hub.requests()).length === 0, 'status uploads nothing');
      });

      if (client === '0.26.4') {
        it('without a login: create shows the secret once, then update with it', async () => {
          hub.reset();
          const anon = await workspace();
          try {
            const runAnon = (args: string[]) => runClient(client, args, { registry: hub.url, home: anon.home });
            const first = await runAnon(['push', anon.folder, '-t', 'v1', '--build-env', `PRIVATE_TOKEN=${BUILD_SECRET}`, '--verbose']);
            assert.equal(first.code, 0, tail(first));
            assert.equal(uploadsOf(hub.requests())[0]?.method, 'executor.create');
            assert.equal(uploadsOf(hub.requests())[0]?.authorization, false);
            const executor = hub.state().executors[0];
            assert.equal(executor?.owner, null);
            const secret = executor?.secret ?? '?';
            assert.ok(first.output.includes(secret), 'the create shows the secret');
            assert.ok(first.output.includes('jinahub+docker://MyEncoder/v1'), tail(first));

            hub.clearRequests();
            const again = await runAnon(['push', anon.folder, '-t', 'v2', '--build-env', `PRIVATE_TOKEN=${BUILD_SECRET}`, '--force-update', 'MyEncoder', '--secret', secret]);
            assert.equal(again.code, 0, tail(again));
            const [upload] = uploadsOf(hub.requests());
            assert.equal(upload?.method, 'executor.update');
            assert.equal(upload?.fields['secret'], secret);
            assert.ok(!again.output.includes(secret), 'the update does not show the secret again');
            assert.deepEqual(hub.state().executors[0]?.versions.map((v) => v.tags), [['v1'], ['v2']]);
          } finally {
            await anon.remove();
          }
        });
      }
    });
  }
});
