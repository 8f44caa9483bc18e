// The local Hub's two API generations (--api async | push | both) and what the real clients send it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { zipOf } from '../zip-buffer.js';
import { startHub } from '../../local-hub/server.js';
import type { HubApi, LocalHub } from '../../local-hub/server.js';

type Line = Record<string, unknown>;

const DEMO = { authorization: 'token demo-token' };
const BOB = { authorization: 'token bob-token' };

function configOf(name: string): Record<string, string> {
  return { 'config.yml': `jtype: E\nmetas:\n  name: ${name}\n`, 'executor.py': 'pass\n' };
}

/** An upload form as the clients build it: text fields, then the package in a part named `file` (or `part`). */
function form(zip: Buffer, fields: Record<string, string>, part = { name: 'file', type: 'application/octet-stream' }): FormData {
  const out = new FormData();
  const all = { public: 'False', private: 'False', md5sum: createHash('md5').update(zip).digest('hex'), ...fields };
  for (const [k, v] of Object.entries(all)) out.append(k, v);
  out.append(part.name, new Blob([new Uint8Array(zip)], { type: part.type }), 'filename');
  return out;
}

async function rpc(
  hub: LocalHub,
  method: string,
  body?: FormData | URLSearchParams | Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit & { headers: Record<string, string> } = { method: 'POST', headers: { ...headers } };
  if (body instanceof FormData || body instanceof URLSearchParams) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  return fetch(`${hub.url}/v2/rpc/${method}`, { ...init, signal: AbortSignal.timeout(5000) });
}

async function lines(res: Response): Promise<Line[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  return (await res.json()) as { status: number; message: string };
}

/** queryProgress with replay until the terminal report; returns the raw text of the last answer too. */
async function follow(hub: LocalHub, taskId: string, headers: Record<string, string> = {}): Promise<{ terminal: Line; text: string }> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const body = new FormData();
    body.append('id', taskId);
    body.append('replay', 'True');
    const text = await (await rpc(hub, 'executor.queryProgress', body, headers)).text();
    const terminal = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line)
      .find((l) => l['type'] === 'report' && (l['status'] === 'succeeded' || l['status'] === 'failed'));
    if (terminal) return { terminal, text };
  }
  throw new Error(`task ${taskId} did not end in time`);
}

async function push(hub: LocalHub, name: string, headers: Record<string, string>, fields: Record<string, string> = {}): Promise<Line[]> {
  const res = await rpc(hub, 'executor.push', form(await zipOf(configOf(name)), { id: name, ...fields }), headers);
  assert.equal(res.status, 200);
  return lines(res);
}

const ASYNC_ONLY = ['executor.createAsync', 'executor.updateAsync', 'executor.create'];
const PUSH_ONLY = ['executor.push'];
const UPLOADS: Record<HubApi, string[]> = {
  async: [...ASYNC_ONLY, 'executor.update'],
  push: [...PUSH_ONLY, 'executor.update'],
  both: [...ASYNC_ONLY, ...PUSH_ONLY, 'executor.update'],
};

describe('local hub API generations', { timeout: 30000 }, () => {
  let hub: LocalHub;

  before(async () => {
    hub = await startHub({ buildMs: 100, streamMs: 1000, tokens: { 'demo-token': 'demo', 'bob-token': 'bob' } });
  });
  after(async () => {
    await hub.close();
  });
  beforeEach(() => {
    hub.reset();
    hub.setApi('both');
  });

  for (const api of ['async', 'push', 'both'] as const) {
    it(`${api}: the other generation's methods answer 404 naming the method`, async () => {
      hub.setApi(api);
      const missing = api === 'async' ? PUSH_ONLY : api === 'push' ? ASYNC_ONLY : [];
      for (const method of [...missing, 'executor.noSuchMethod']) {
        const res = await rpc(hub, method, await (async () => form(await zipOf(configOf('X')), { id: 'X' }))(), DEMO);
        assert.equal(res.status, 404, method);
        const body = await errorOf(res);
        assert.ok(body.message.includes(method), `${method}: ${body.message}`);
      }
      assert.equal(hub.state().tasks.length, 0);
      assert.equal(hub.state().counts.uploadTries, 0, 'a refused method is no upload try');
    });

    it(`${api}: every upload method asked without a package answers 400/40001 and creates nothing`, async () => {
      hub.setApi(api);
      for (const method of UPLOADS[api]) {
        for (const body of [undefined, new FormData(), {}] as const) {
          const res = await rpc(hub, method, body);
          assert.equal(res.status, 400, `${method} with ${body === undefined ? 'no body' : JSON.stringify(body)}`);
          assert.equal((await errorOf(res)).status, 40001);
        }
      }
      const state = hub.state();
      assert.equal(state.tasks.length, 0);
      assert.equal(state.executors.length, 0);
      assert.equal(state.counts.uploadTries, 0);
      assert.ok(hub.requests().every((r) => r.probe && !r.upload));
    });

    it(`${api}: whoami names the token's owner; no token 401/40103, a bad one 401/40102`, async () => {
      hub.setApi(api);
      const me = await rpc(hub, 'user.identity.whoami', undefined, BOB);
      assert.equal(me.status, 200);
      assert.deepEqual(((await me.json()) as { data: unknown }).data, { name: 'bob', nickname: 'bob' });
      const none = await rpc(hub, 'user.identity.whoami');
      assert.equal(none.status, 401);
      assert.equal((await errorOf(none)).status, 40103);
      const bad = await rpc(hub, 'user.identity.whoami', undefined, { authorization: 'token nope' });
      assert.equal(bad.status, 401);
      assert.equal((await errorOf(bad)).status, 40102);
    });
  }

  it('a probe takes no upload fault: the fault waits for the next real upload', async () => {
    hub.setFaults({ uploadFailures: { count: 1, status: 503 } });
    const probe = await rpc(hub, 'executor.createAsync', new FormData(), DEMO);
    assert.equal(probe.status, 400);
    await probe.text();
    assert.equal(hub.state().faults.uploadFailures?.count, 1);
    const real = await rpc(hub, 'executor.push', form(await zipOf(configOf('Faulty')), { id: 'Faulty' }), DEMO);
    assert.equal(real.status, 503);
    await real.text();
    assert.equal(hub.state().faults.uploadFailures, undefined);
    assert.deepEqual(hub.requests().map((r) => [r.probe, r.upload, r.fault]), [[true, false, null], [false, true, 'upload status 503']]);
  });

  it('an update by plain name goes to the caller\'s own executor of that name', async () => {
    await push(hub, 'Twin', DEMO);
    await push(hub, 'Twin', BOB);
    const bobs = hub.state().executors.find((e) => e.owner === 'bob');
    const res = await rpc(hub, 'executor.updateAsync', form(await zipOf(configOf('Twin')), { id: 'Twin', tags: 'v2' }), BOB);
    assert.equal(res.status, 200);
    const [line] = await lines(res);
    assert.equal((line?.['data'] as { executor: { id: string } }).executor.id, bobs?.id);
    const { terminal } = await follow(hub, (line?.['data'] as { _id: string })._id, BOB);
    assert.equal(terminal['status'], 'succeeded');
    const versions = Object.fromEntries(hub.state().executors.map((e) => [e.owner, e.versions.length]));
    assert.deepEqual(versions, { demo: 1, bob: 2 });
  });

  it('nextBuild.withoutResult: the succeeded report of that build carries no result; the next one does', async () => {
    hub.setFaults({ nextBuild: { withoutResult: true } });
    const stream = await push(hub, 'Bare', DEMO);
    assert.equal((stream.at(-1)?.['payload'] as { name: string }).name, 'Bare', 'the build stream still ends with the executor');
    const bare = hub.state().tasks[0]?._id ?? '?';
    const { terminal } = await follow(hub, bare, DEMO);
    assert.equal(terminal['status'], 'succeeded');
    assert.equal(terminal['result'], undefined);
    await push(hub, 'Bare', DEMO, { tags: 'v2' });
    const next = await follow(hub, hub.state().tasks[1]?._id ?? '?', DEMO);
    assert.equal((next.terminal['result'] as { name: string }).name, 'Bare');
  });

  it('is switched over HTTP (POST /_hub/api) and says so in /_hub/state', async () => {
    const set = await fetch(`${hub.url}/_hub/api`, { method: 'POST', body: JSON.stringify({ api: 'push' }) });
    assert.equal(set.status, 200);
    await set.text();
    const state = (await (await fetch(`${hub.url}/_hub/state`)).json()) as { api: string };
    assert.equal(state.api, 'push');
    assert.equal((await rpc(hub, 'executor.createAsync', form(await zipOf(configOf('X')), {}), DEMO)).status, 404);
    const wrong = await fetch(`${hub.url}/_hub/api`, { method: 'POST', body: JSON.stringify({ api: 'sync' }) });
    assert.equal(wrong.status, 400);
    await wrong.text();
    assert.equal(hub.state().api, 'push');
  });

  it('starts in the mode asked for, both by default', async () => {
    const pushHub = await startHub({ api: 'push' });
    try {
      assert.equal(pushHub.state().api, 'push');
      assert.equal(hub.state().api, 'both');
    } finally {
      await pushHub.close();
    }
  });

  it('push: executor.push builds in the token owner namespace, streams the build and is a task', async () => {
    hub.setApi('push');
    const stream = await push(hub, 'Shared', DEMO, { tags: 'v1', immutableTags: 'v1', buildEnv: '{"TOKEN":"abc"}', verbose: 'True' });
    assert.ok(stream.some((l) => l['type'] === 'console'), 'the build log streams');
    const complete = stream.at(-1);
    assert.equal(complete?.['type'], 'complete');
    const payload = complete?.['payload'] as { name: string; owner: { name: string }; commit: { tags: string[] }; secret?: string };
    assert.equal(payload.name, 'Shared');
    assert.deepEqual(payload.owner, { name: 'demo' });
    assert.deepEqual(payload.commit.tags, ['v1']);
    assert.equal(payload.secret, undefined, 'an owned executor shows no secret');

    const list = await rpc(hub, 'executor.listAsyncTasks', new URLSearchParams({ id: 'Shared', sort: '-createdAt', pageSize: '1' }), DEMO);
    const [task] = ((await list.json()) as { data: { _id: string; status: string }[] }).data;
    assert.equal(task?.status, 'succeeded');
    const { terminal } = await follow(hub, task?._id ?? '?', DEMO);
    assert.equal((terminal['result'] as { name: string }).name, 'Shared');

    // The same name for another owner is another executor; a protected tag of demo's does not bind bob.
    const bobs = (await push(hub, 'Shared', BOB, { tags: 'v1', immutableTags: 'v1' })).at(-1)?.['payload'] as { id: string };
    const executors = hub.state().executors;
    assert.equal(executors.length, 2);
    assert.deepEqual(executors.map((e) => e.owner).sort(), ['bob', 'demo']);
    assert.equal(executors.find((e) => e.owner === 'bob')?.id, bobs.id);

    // A second push of demo's is a new version of demo's executor; its protected tag is refused.
    await push(hub, 'Shared', DEMO, { tags: 'v2' });
    assert.equal(hub.state().executors.find((e) => e.owner === 'demo')?.versions.length, 2);
    const again = await rpc(hub, 'executor.push', form(await zipOf(configOf('Shared')), { id: 'Shared', tags: 'v1' }), DEMO);
    assert.equal(again.status, 403);
    assert.equal((await errorOf(again)).status, 40902);

    // Plain names resolve to the caller's own executor; <owner>/<name> names one.
    for (const [headers, owner, count] of [[DEMO, 'demo', 2], [BOB, 'bob', 1]] as const) {
      const tasks = await rpc(hub, 'executor.listAsyncTasks', new URLSearchParams({ id: 'Shared', pageSize: '10' }), headers);
      assert.equal(((await tasks.json()) as { data: unknown[] }).data.length, count, owner);
      const pkg = await rpc(hub, 'executor.getPackage', { id: 'Shared', include: ['code'] }, headers);
      assert.equal(((await pkg.json()) as { data: { owner: { name: string } } }).data.owner.name, owner);
    }
    const named = await rpc(hub, 'executor.getPackage', { id: 'bob/Shared' }, DEMO);
    assert.equal(((await named.json()) as { data: { id: string } }).data.id, bobs.id);
    assert.equal((await rpc(hub, 'executor.getPackage', { id: 'carol/Shared' }, DEMO)).status, 404);
  });

  it('push: a token is required, and the package must declare the name sent as id', async () => {
    hub.setApi('push');
    const anonymous = await rpc(hub, 'executor.push', form(await zipOf(configOf('Named')), { id: 'Named' }));
    assert.equal(anonymous.status, 401);
    assert.equal((await errorOf(anonymous)).status, 40103);
    const other = await push(hub, 'Named', DEMO, {});
    assert.equal(other.at(-1)?.['type'], 'complete');
    const res = await rpc(hub, 'executor.push', form(await zipOf(configOf('Other')), { id: 'Named' }), DEMO);
    const end = (await lines(res)).at(-1);
    assert.equal(end?.['type'], 'error');
    assert.match(String(end?.['message']), /Other.*Named/);
  });

  it('push: executor.update with the secret (and a token) streams a new version; a wrong secret is refused', async () => {
    hub.setApi('push');
    await push(hub, 'Upd', DEMO);
    const secret = hub.state().executors[0]?.secret ?? '?';
    const zip = await zipOf(configOf('Upd'));
    const wrong = await rpc(hub, 'executor.update', form(zip, { id: 'Upd', secret: 'nope' }), DEMO);
    assert.equal(wrong.status, 403);
    await wrong.text();
    const res = await rpc(hub, 'executor.update', form(zip, { id: 'Upd', secret, tags: 'v2' }), DEMO);
    const end = (await lines(res)).at(-1);
    assert.equal(end?.['type'], 'complete');
    assert.deepEqual((end?.['payload'] as { commit: { tags: string[] } }).commit.tags, ['v2']);
    assert.equal(hub.state().executors[0]?.versions.length, 2);
    assert.equal(hub.state().tasks.length, 2, 'the update is a task too');
  });

  it('async: createAsync takes the name from the package (config.yml, else manifest.yml), with no id', async () => {
    hub.setApi('async');
    for (const [files, name] of [
      [configOf('FromConfig'), 'FromConfig'],
      [{ 'manifest.yml': 'name: FromManifest\n', 'executor.py': 'pass\n' }, 'FromManifest'],
    ] as const) {
      const res = await rpc(hub, 'executor.createAsync', form(await zipOf(files), {}), DEMO);
      assert.equal(res.status, 200);
      const [line] = await lines(res);
      assert.equal(line?.['code'], 202);
      const { terminal } = await follow(hub, (line?.['data'] as { _id: string })._id, DEMO);
      assert.equal(terminal['status'], 'succeeded');
      assert.equal((terminal['result'] as { name: string }).name, name);
    }
    assert.deepEqual(hub.state().executors.map((e) => [e.name, e.owner]), [['FromConfig', 'demo'], ['FromManifest', 'demo']]);
  });

  it('async: an id sent on createAsync must be the package name, or the build fails and says so', async () => {
    hub.setApi('async');
    const res = await rpc(hub, 'executor.createAsync', form(await zipOf(configOf('Real')), { id: 'Claimed' }), DEMO);
    const [line] = await lines(res);
    const { terminal } = await follow(hub, (line?.['data'] as { _id: string })._id, DEMO);
    assert.equal(terminal['status'], 'failed');
    assert.match(String(terminal['message']), /Real.*Claimed/);
  });

  it("an anonymous executor's secret is in the create answer and in no later answer", async () => {
    hub.setApi('async');
    const zip = await zipOf(configOf('Anon'));
    const created = await lines(await rpc(hub, 'executor.create', form(zip, { private: 'True' })));
    const secret = (created.at(-1)?.['payload'] as { secret: string }).secret;
    assert.match(secret, /^[0-9a-f]{32}$/);
    const taskId = hub.state().tasks[0]?._id ?? '?';
    const later: string[] = [];
    later.push((await follow(hub, taskId)).text);
    later.push((await follow(hub, taskId, DEMO)).text);
    const withSecret = new URLSearchParams({ id: 'Anon', secret });
    later.push(await (await rpc(hub, 'executor.listAsyncTasks', withSecret)).text());
    later.push(await (await rpc(hub, 'executor.getPackage', { id: 'Anon', secret })).text());
    const updated = await rpc(hub, 'executor.update', form(zip, { id: 'Anon', secret, private: 'True', tags: 'v2' }));
    later.push(await updated.text());
    later.push((await follow(hub, hub.state().tasks[1]?._id ?? '?')).text);
    assert.equal(later.length, 6);
    for (const [i, text] of later.entries()) {
      assert.ok(text.length > 20, `answer ${i} is empty`);
      assert.ok(!text.includes(secret), `answer ${i} shows the secret: ${text.slice(0, 200)}`);
    }
  });

  it('no visibility flag (public=False, private=False) is public; both True is refused', async () => {
    const none = await push(hub, 'Vis', DEMO);
    assert.equal((none.at(-1)?.['payload'] as { visibility: string }).visibility, 'public');
    const priv = await push(hub, 'Vis', DEMO, { private: 'True' });
    assert.equal((priv.at(-1)?.['payload'] as { visibility: string }).visibility, 'private');
    const both = await rpc(hub, 'executor.push', form(await zipOf(configOf('Vis')), { id: 'Vis', public: 'True', private: 'True' }), DEMO);
    assert.equal(both.status, 400);
    assert.equal((await errorOf(both)).status, 40001);
  });

  it('takes the package from a file part of any name and content type', async () => {
    const zip = await zipOf(configOf('AnyPart'));
    const res = await rpc(hub, 'executor.push', form(zip, { id: 'AnyPart' }, { name: 'package', type: 'text/plain' }), DEMO);
    assert.equal((await lines(res)).at(-1)?.['type'], 'complete');
    const recorded = hub.requests().find((r) => r.method === 'executor.push');
    assert.equal(recorded?.file?.md5, createHash('md5').update(zip).digest('hex'));
    assert.equal(recorded?.upload, true);
  });

  it('listAsyncTasks reads a urlencoded or a multipart form, newest first', async () => {
    await push(hub, 'Listed', DEMO, { tags: 'v1' });
    await push(hub, 'Listed', DEMO, { tags: 'v2' });
    const ids = hub.state().tasks.map((t) => t._id);
    const multipart = new FormData();
    multipart.append('id', 'Listed');
    multipart.append('sort', '-createdAt');
    multipart.append('pageSize', '5');
    for (const body of [new URLSearchParams({ id: 'Listed', sort: '-createdAt', pageSize: '5' }), multipart]) {
      const res = await rpc(hub, 'executor.listAsyncTasks', body, DEMO);
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as { data: { _id: string }[] }).data.map((t) => t._id), [...ids].reverse());
    }
  });
});
