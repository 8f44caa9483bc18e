// The action as a runner runs it, publishing to the local Hub of each API generation (async, push,
// both): both flows, every input and output.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHub, type HubApi, type LocalHub } from '../../local-hub/server.js';
import { annotationsOf, assertMasksFirst, assertNoSecretShown, configYml, errorsOf, executorFolder, logOf, runStep, ACTION, ROOT } from './harness.js';

const TOKEN = 'alice-token-5f2c9e';
const BOB = 'bob-token-77aa01';
const BUILD_SECRET = 'pv-s3cret=with=equals';
const MODES: HubApi[] = ['async', 'push', 'both'];

for (const api of MODES) {
  /** The push generation: executor.push streams the build; async and both: createAsync, then queryProgress. */
  const push = api === 'push';
  const firstMethod = push ? 'executor.push' : 'executor.createAsync';
  let hub: LocalHub;
  /** Upload tries (probes without a package are not uploads). */
  const uploads = () => hub.requests().filter((r) => r.upload);

  describe(`against a Hub of the ${api} generation`, () => {
    before(async () => {
      hub = await startHub({ api, tokens: { [TOKEN]: 'alice', [BOB]: 'bob' }, buildMs: 300, streamMs: 2000 });
    });
    after(async () => hub.close());
    beforeEach(() => hub.reset());

    describe(`publish with a token (${firstMethod})`, () => {
      it('publishes with tags, protected tags and build-env, and sets every output', async () => {
        const folder = await executorFolder();
        const r = await runStep({
          path: folder,
          token: TOKEN,
          tags: 'v1.0.0\nlatest',
          'protected-tags': 'v1.0.0',
          'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`,
          registry: hub.url,
        });
        assert.equal(r.code, 0, logOf(r));

        const state = hub.state();
        const executor = state.executors.find((e) => e.name === 'MyEncoder');
        assert.ok(executor, 'the Hub has no MyEncoder');
        const task = state.tasks[0];
        assert.ok(task);
        assert.equal(state.tasks.length, 1);

        assert.equal(r.outputs['task-id'], task._id);
        assert.equal(r.outputs.name, 'MyEncoder');
        assert.equal(r.outputs.id, executor.id);
        assert.equal(r.outputs.visibility, 'public');
        assert.deepEqual(JSON.parse(r.outputs.tags ?? 'null'), ['v1.0.0', 'latest']);
        assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:v1.0.0');
        assert.equal(r.outputs.status, 'succeeded');
        assert.equal(r.outputs.secret, undefined);
        // Every output but those of an anonymous publish, a dry run and a GPU variant.
        const conditional = ['secret', 'package-path', 'gpu-task-id', 'gpu-status'];
        assert.deepEqual(Object.keys(r.outputs).sort(), Object.keys(ACTION.outputs).filter((o) => !conditional.includes(o)).sort());
        assert.deepEqual(JSON.parse(r.outputs.executors ?? '[]'), [
          {
            path: path.relative(ROOT, folder),
            name: 'MyEncoder',
            status: 'succeeded',
            'task-id': r.outputs['task-id'],
            id: r.outputs.id,
            tags: ['v1.0.0', 'latest'],
            uri: r.outputs.uri,
            md5: r.outputs.md5,
          },
        ]);

        const [upload] = uploads();
        assert.ok(upload);
        assert.equal(upload.method, firstMethod);
        assert.equal(r.outputs.md5, upload.file?.md5);
        assert.deepEqual(upload.fields, {
          public: 'True',
          private: 'False',
          md5sum: upload.file?.md5,
          // createAsync takes no id (the Hub reads the name from the package); push names the executor.
          ...(push ? { id: 'MyEncoder' } : {}),
          tags: 'v1.0.0,latest',
          immutableTags: 'v1.0.0',
          buildEnv: JSON.stringify({ PRIVATE_TOKEN: BUILD_SECRET }),
        });
        assert.equal(upload.headers.authorization, `token ${TOKEN}`);
        assert.match(upload.headers['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/);
        assert.match(upload.headers['user-agent'] ?? '', /^jina-hub-push-action\/\d+\.\d+\.\d+$/);
        const sessions = new Set(hub.requests().map((q) => q.headers['jinameta-session-id']));
        assert.equal(sessions.size, 1, 'one session ID for the whole run');
        assert.match([...sessions][0] ?? '', /^[0-9a-f-]{36}$/);
        if (push) {
          // The task comes from the executor's task list, by <owner>/<name>; the build streams in the answer.
          assert.ok(hub.requests().some((q) => q.method === 'executor.listAsyncTasks' && q.fields.id === 'alice/MyEncoder'));
          assert.ok(!hub.requests().some((q) => q.method === 'executor.queryProgress'));
          assert.equal(hub.requests()[0]?.method, 'executor.createAsync', 'the probe comes first');
          assert.ok(hub.requests().findIndex((q) => q.method === 'user.identity.whoami') < hub.requests().findIndex((q) => q.upload), 'whoami before the upload');
        } else {
          assert.ok(hub.requests().some((q) => q.method === 'executor.queryProgress' && q.fields.id === task._id));
        }

        const groups = r.runner.groups.map((g) => `${g.title.replace(/ \(.*| MyEncoder.*/, '')} ${g.closed}`);
        assert.deepEqual(groups, push ? ['Package true', 'Upload and build true'] : ['Package true', 'Upload true', 'Build true']);
        assert.ok(r.runner.groups.some((g) => g.title.startsWith(push ? 'Upload and build (executor.push' : 'Upload (executor.createAsync')));
        assert.match(r.summary, /MyEncoder/);
        assert.ok(r.summary.includes(executor.id));
        assert.ok(r.summary.includes(task._id));
        assert.ok(r.summary.includes('jinaai+docker://alice/MyEncoder:v1.0.0'));
        assert.match(r.summary, /<pre lang="yaml"><code>jtype: Flow\nexecutors:\n {2}- uses: jinaai\+docker:\/\/alice\/MyEncoder:v1\.0\.0/);
        assert.match(r.summary, /<pre lang="python"><code>[\s\S]*Flow\(\)\.add\(uses='jinaai\+docker:\/\/alice\/MyEncoder:v1\.0\.0'\)/);
        assert.match(r.summary, /PRIVATE_TOKEN/);
        assert.ok(r.summary.includes(upload.file?.md5 ?? '-'));
        assertNoSecretShown(r, [TOKEN, BUILD_SECRET]);
        assertMasksFirst(r, [TOKEN, BUILD_SECRET]);
      });

      it('takes the token from JINA_AUTH_TOKEN and the Hub from JINA_HUBBLE_REGISTRY', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const r = await runStep({ path: folder }, { env: { JINA_AUTH_TOKEN: TOKEN, JINA_HUBBLE_REGISTRY: `${hub.url}/` } });
        assert.equal(r.code, 0, logOf(r));
        const [upload] = uploads();
        assert.equal(upload?.method, firstMethod);
        assert.equal(upload?.headers.authorization, `token ${TOKEN}`);
        assert.equal(upload?.fields.tags, undefined, 'no tags: the Hub applies latest');
        assert.deepEqual(JSON.parse(r.outputs.tags ?? 'null'), ['latest']);
        assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:latest');
        assertNoSecretShown(r, [TOKEN]);
      });

      it('sends private, dockerfile, platform, no-cache and verbose, and shows each build log line once', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n', 'Dockerfile.cpu': 'FROM python:3.11\n' });
        const r = await runStep({
          path: folder,
          token: TOKEN,
          visibility: 'private',
          dockerfile: 'Dockerfile.cpu',
          platform: 'linux/amd64, linux/arm64',
          'no-cache': 'true',
          verbose: 'true',
          registry: hub.url,
        });
        assert.equal(r.code, 0, logOf(r));
        const [upload] = uploads();
        assert.equal(upload?.fields.public, 'False');
        assert.equal(upload?.fields.private, 'True');
        assert.equal(upload?.fields.dockerfile, 'Dockerfile.cpu');
        assert.equal(upload?.fields.platform, 'linux/amd64,linux/arm64');
        assert.equal(upload?.fields.buildWithNoCache, 'True');
        assert.equal(upload?.fields.verbose, 'True');
        assert.equal(r.outputs.visibility, 'private');
        const platformWarnings = annotationsOf(r, 'warning').filter((a) => a.message.startsWith('platform linux/amd64,linux/arm64 is sent, but this Hub speaks the async generation'));
        assert.equal(platformWarnings.length, push ? 0 : 1, 'platform to an async-generation Hub draws one warning');
        const task = hub.state().tasks[0];
        assert.ok(task && task.log.length > 0);
        for (const event of task.log) {
          const text = String(event.data.payload);
          const count = logOf(r).split('\n').filter((l) => l === text).length;
          assert.equal(count, 1, `log line shown ${count} times: ${text}`);
        }
      });

      it('warns, with an annotation naming them, when the package would hold files that look like credentials', async () => {
        const folder = await executorFolder({ '.env.production': 'API_KEY=abc\n', 'certs/server.pem': '-----BEGIN-----\n' });
        const r = await runStep({ path: folder, token: TOKEN, 'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`, registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const warnings = annotationsOf(r, 'warning').filter((a) => a.properties.title === 'Likely credentials in the package');
        assert.equal(warnings.length, 1, logOf(r));
        assert.match(warnings[0]?.message ?? '', /\.env\.production, certs\/server\.pem\. Whoever can pull the executor can read them: add them to the \.gitignore/);
      });

      it('says when each phase is done and how long it took', async () => {
        const folder = await executorFolder();
        const r = await runStep({ path: folder, token: TOKEN, 'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`, registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const log = logOf(r);
        assert.match(log, /^package done in \d+\.\d\d s \(6 files, [\d.]+ KiB into [\d.]+ KiB, \d+ stored as they are; md5 [0-9a-f]{32}\)$/m);
        if (push) {
          assert.match(log, /^upload and build done in \d+\.\d\d s$/m);
        } else {
          assert.match(log, /^upload done in \d+\.\d\d s \([\d.]+ KiB at [\d.]+ (KiB|MiB)\/s\)$/m);
          assert.match(log, /^build done in \d+\.\d\d s \(succeeded\)$/m);
        }
        assert.deepEqual(annotationsOf(r, 'warning'), [], 'no credential warning for the example');
      });

      it(push ? 'with wait: false, says in one line that this Hub builds while it answers, and waits' : 'with wait: false, returns as soon as the task ID is known', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { durationMs: push ? 1500 : 5000 } });
        const r = await runStep({ path: folder, token: TOKEN, wait: 'false', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        assert.equal(r.outputs['task-id'], hub.state().tasks[0]?._id);
        if (push) {
          const said = logOf(r).split('\n').filter((l) => l.startsWith('wait: false has no effect here'));
          assert.deepEqual(said, ['wait: false has no effect here: this Hub builds while it answers the upload, so the step waits for the build']);
          assert.equal(r.outputs.status, 'succeeded');
          assert.equal(hub.state().tasks[0]?.status, 'succeeded');
        } else {
          assert.equal(r.outputs.status, 'pending');
          assert.ok(!hub.requests().some((q) => q.method === 'executor.queryProgress'), 'it did not wait');
          assert.notEqual(hub.state().tasks[0]?.status, 'succeeded');
        }
      });

      it('fails at the time limit with status pending and the task ID, when the build never ends', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { neverEnds: true } });
        const started = Date.now();
        const r = await runStep({ path: folder, token: TOKEN, timeout: '2s', registry: hub.url });
        assert.equal(r.code, 1);
        assert.ok(Date.now() - started < 15_000, 'the time limit was not kept');
        const taskId = hub.state().tasks[0]?._id ?? '?';
        assert.equal(r.outputs['task-id'], taskId);
        assert.equal(r.outputs.status, 'pending');
        assert.match(errorsOf(r), new RegExp(`did not end within 2(\\.0)?s.*task-id: ${taskId}`));
        assert.equal(hub.state().tasks[0]?.status === 'succeeded', false);
      });

      it('fails when the build fails, with the reason, the last log lines and the task ID', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { fail: 'pip could not install numpy==0.0.0' } });
        const r = await runStep({ path: folder, token: TOKEN, registry: hub.url });
        assert.equal(r.code, 1);
        const taskId = hub.state().tasks[0]?._id ?? '?';
        assert.equal(r.outputs['task-id'], taskId);
        assert.equal(r.outputs.status, 'failed');
        assert.equal(r.outputs.name, 'MyEncoder');
        const log = logOf(r);
        assert.match(errorsOf(r), /the build of MyEncoder failed: pip could not install numpy==0\.0\.0 \(task ID/);
        assert.match(log, /last \d+ lines of the build log/);
        assert.match(r.summary, /publish failed/);
      });

      it('retries an upload answered 503 with the same Idempotency-Key, and builds once', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ uploadFailures: { count: 2, status: 503, retryAfter: '0' } });
        const r = await runStep({ path: folder, token: TOKEN, registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const tries = uploads();
        assert.equal(tries.length, 3);
        assert.deepEqual(tries.map((t) => t.status), [503, 503, 200]);
        assert.equal(new Set(tries.map((t) => t.headers['idempotency-key'])).size, 1);
        assert.equal(hub.state().tasks.length, 1);
        assert.equal((logOf(r).match(/upload failed \(HTTP 503/g) ?? []).length, 2);
      });

      it('retries an upload whose connection was reset, and one answered 429 with Retry-After, and builds once', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ uploadFailures: { count: 1, mode: 'reset' } });
        const reset = await runStep({ path: folder, token: TOKEN, registry: hub.url });
        assert.equal(reset.code, 0, logOf(reset));
        assert.equal(uploads().length, 2);
        assert.equal(new Set(uploads().map((t) => t.headers['idempotency-key'])).size, 1);
        assert.match(logOf(reset), /upload failed \([^()]*\((ECONNRESET|EPIPE|UND_ERR_SOCKET)\)\); try 2 of 5/);
        assert.equal(hub.state().tasks.length, 1);

        hub.clearRequests();
        hub.setFaults({ uploadFailures: { count: 1, status: 429, retryAfter: '1' } });
        const limited = await runStep({ path: folder, token: TOKEN, tags: 'v2', registry: hub.url });
        assert.equal(limited.code, 0, logOf(limited));
        assert.deepEqual(uploads().map((t) => t.status), [429, 200]);
        assert.match(logOf(limited), /upload failed \(HTTP 429 .*\); try 2 of 5 in 1\.0s/);
        assert.equal(hub.state().tasks.length, 2);
      });

      // The push generation follows no task: its build streams in the answer to the upload.
      if (!push) it('asks again when the status stream breaks, and shows no log event twice', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ breakStreams: { count: 3, afterLines: 2 } });
        const r = await runStep({ path: folder, token: TOKEN, verbose: 'true', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        assert.ok(hub.requests().filter((q) => q.method === 'executor.queryProgress').length >= 4);
        const task = hub.state().tasks[0];
        assert.ok(task);
        for (const event of task.log) {
          const text = String(event.data.payload);
          assert.equal(logOf(r).split('\n').filter((l) => l === text).length, 1, text);
        }
      });

      it('never pushes a protected tag twice: the refusal of the Hub is shown and not retried', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const first = await runStep({ path: folder, token: TOKEN, tags: 'v1', 'protected-tags': 'v1', registry: hub.url });
        assert.equal(first.code, 0, logOf(first));
        hub.clearRequests();
        // Not declared protected this time, so the action does not look it up first: the Hub refuses it.
        const again = await runStep({ path: folder, token: TOKEN, tags: 'v1', registry: hub.url });
        assert.equal(again.code, 1);
        assert.equal(uploads().length, 1, 'a 4xx is not retried');
        assert.match(errorsOf(again), /a protected tag of MyEncoder already exists.*push a new tag.*session [0-9a-f-]{36}/);
      });

      it(push ? 'another owner\'s executor of the same name is another executor' : 'says what to do when the name belongs to someone else', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        assert.equal((await runStep({ path: folder, token: BOB, registry: hub.url })).code, 0);
        const bobs = hub.state().executors[0]?.id;
        hub.clearRequests();
        const r = await runStep({ path: folder, token: TOKEN, registry: hub.url });
        // Alice's executor is looked up as alice/MyEncoder, never by the bare name that bob's answers to.
        assert.ok(!hub.requests().some((q) => q.fields.id === bobs || q.fields.id === 'MyEncoder' && q.method === 'executor.getPackage'));
        if (push) {
          assert.equal(r.code, 0, logOf(r));
          const alices = hub.state().executors.find((e) => e.owner === 'alice');
          assert.ok(alices && alices.id !== bobs);
          assert.equal(r.outputs.id, alices.id);
          assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:latest');
        } else {
          assert.equal(r.code, 1);
          assert.equal(uploads()[0]?.method, 'executor.createAsync', 'not an update of bob\'s executor');
          assert.match(errorsOf(r), /the name MyEncoder is taken on the Hub: rename metas\.name in config\.yml or push with force-update/);
        }
      });

      it('a build whose answers do not say which executor it published: looked up, with exact outputs', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { withoutResult: true, thinComplete: true } });
        const r = await runStep({ path: folder, token: TOKEN, tags: 'v5', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const executor = hub.state().executors[0];
        assert.ok(executor);
        assert.equal(r.outputs.status, 'succeeded');
        assert.equal(r.outputs['task-id'], hub.state().tasks[0]?._id);
        assert.equal(r.outputs.name, 'MyEncoder');
        assert.equal(r.outputs.id, executor.id);
        assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:v5');
        assert.deepEqual(JSON.parse(r.outputs.tags ?? 'null'), ['v5']);
        const lookup = hub.requests().find((q) => q.method === 'executor.getPackage' && q.fields.tag === 'v5');
        assert.ok(lookup && [executor.id, 'alice/MyEncoder'].includes(String(lookup.fields.id)), JSON.stringify(lookup?.fields));
        assert.match(logOf(r), /^the Hub did not say which executor the build published: looked it up as \S+:v5$/m);
      });

      it(`hub-api pinned to ${push ? 'push' : 'async'}: nothing is probed`, async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const r = await runStep({ path: folder, token: TOKEN, 'hub-api': push ? 'push' : 'async', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        assert.equal(uploads()[0]?.method, firstMethod);
        assert.ok(!hub.requests().some((q) => !q.upload && /^executor\.(createAsync|push)$/.test(q.method)), 'no probe');
        assert.ok(!logOf(r).includes('the Hub speaks the'));
      });

      it(`hub-api pinned to the other generation: the Hub's refusal names the method`, async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const r = await runStep({ path: folder, token: TOKEN, 'hub-api': push ? 'async' : 'push', registry: hub.url });
        if (api === 'both') {
          assert.equal(r.code, 0, logOf(r));
          assert.equal(uploads()[0]?.method, 'executor.push');
          return;
        }
        assert.equal(r.code, 1);
        const method = push ? 'createAsync' : 'push';
        const generation = push ? 'async' : 'push';
        assert.match(errorsOf(r), new RegExp(`the Hub does not have executor\\.${method}, so it does not speak the ${generation} generation of the Hub API: set hub-api to auto`));
        assert.equal(hub.state().tasks.length, 0);
      });

      it('a workflow cancelled while the build runs says where it stands, with the task ID', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        hub.setFaults({ nextBuild: { neverEnds: true } });
        const r = await runStep({ path: folder, token: TOKEN, registry: hub.url }, { cancelWhen: { signal: 'SIGINT', when: /build task \S+ \(session/ } });
        assert.equal(r.code, 1);
        assert.ok((r.endedAfterSignalMs ?? Infinity) < 3000, `ended ${r.endedAfterSignalMs} ms after the signal`);
        const taskId = hub.state().tasks[0]?._id ?? '?';
        assert.equal(r.outputs['task-id'], taskId);
        assert.equal(r.outputs.status, 'pending');
        assert.match(errorsOf(r), new RegExp(`cancelled by SIGINT while waiting for the build: it goes on at the Hub; look it up with task-id: ${taskId}`));
      });

      it('says the token was refused at whoami, before packing, without showing it', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        const r = await runStep({ path: folder, token: 'not-a-known-token-123', registry: hub.url });
        assert.equal(r.code, 1);
        assert.match(errorsOf(r), /the Hub did not accept the token: check the token input \(or JINA_AUTH_TOKEN\), it may be expired or mistyped \(Hub: .*; session [0-9a-f-]{36}\)/);
        assert.equal(uploads().length, 0, 'nothing uploaded');
        assert.equal(hub.requests().at(-1)?.method, 'user.identity.whoami');
        assert.ok(!r.runner.groups.some((g) => g.title.startsWith('Package')), 'nothing packed');
        assertNoSecretShown(r, ['not-a-known-token-123']);
      });

      it(push ? 'force-updates with a token and the secret through executor.update' : 'force-updates with a token through updateAsync', async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        assert.equal((await runStep({ path: folder, token: TOKEN, registry: hub.url })).code, 0);
        const executor = hub.state().executors[0];
        const id = executor?.id ?? '?';
        hub.clearRequests();
        const secret: Record<string, string> = push ? { secret: executor?.secret ?? "?" } : {};
        const r = await runStep({ path: folder, token: TOKEN, 'force-update': id, tags: 'v2', registry: hub.url, ...secret });
        assert.equal(r.code, 0, logOf(r));
        const [upload] = uploads();
        assert.equal(upload?.method, push ? 'executor.update' : 'executor.updateAsync');
        assert.equal(upload?.fields.id, id);
        assert.equal(upload?.fields.secret, push ? executor?.secret : undefined);
        assert.equal(r.outputs.id, id);
        assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:v2');
        assert.equal(hub.state().executors[0]?.versions.length, 2);
      });

      it('a new version of the owner\'s executor goes to ' + (push ? 'executor.push with its name' : 'updateAsync with its ID, found as <owner>/<name>'), async () => {
        const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
        assert.equal((await runStep({ path: folder, token: TOKEN, tags: 'v1', registry: hub.url })).code, 0);
        const id = hub.state().executors[0]?.id ?? '?';
        hub.clearRequests();
        const r = await runStep({ path: folder, token: TOKEN, tags: 'v2', registry: hub.url });
        assert.equal(r.code, 0, logOf(r));
        const [upload] = uploads();
        if (push) {
          assert.equal(upload?.method, 'executor.push');
          assert.equal(upload?.fields.id, 'MyEncoder');
        } else {
          assert.equal(upload?.method, 'executor.updateAsync');
          assert.equal(upload?.fields.id, id);
          const lookup = hub.requests().find((q) => q.method === 'executor.getPackage');
          assert.equal(lookup?.fields.id, 'alice/MyEncoder');
        }
        assert.equal(r.outputs.id, id);
        assert.equal(hub.state().executors.length, 1);
        assert.equal(hub.state().executors[0]?.versions.length, 2);
      });
    });

    if (push) {
      describe('publish without a token to a Hub of the push generation', () => {
        it('says in one sentence that this Hub needs a login and how to give a token, and uploads nothing', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          const r = await runStep({ path: folder, registry: hub.url });
          assert.equal(r.code, 1);
          const errors = annotationsOf(r, 'error').map((a) => a.message);
          assert.equal(errors.length, 1, logOf(r));
          assert.match(errors[0] ?? '', /^this Hub speaks the push generation of the Hub API, where every push needs a login: .*token: \$\{\{ secrets\.JINA_AUTH_TOKEN \}\}.*nothing was uploaded\.$/);
          // Only the probes were sent (no file part, no field); nothing was packed.
          assert.ok(hub.requests().length > 0 && hub.requests().every((q) => !q.upload && !q.file && Object.keys(q.fields).length === 0), hub.requests().map((q) => q.method).join(', '));
          assert.ok(!r.runner.groups.some((g) => g.title.startsWith('Package')), 'nothing packed');
        });

        it('with hub-api: push, says so before anything is sent', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          const r = await runStep({ path: folder, 'hub-api': 'push', registry: hub.url });
          assert.equal(r.code, 1);
          assert.match(errorsOf(r), /this Hub speaks the push generation of the Hub API, where every push needs a login/);
          assert.equal(hub.requests().length, 0, 'nothing sent');
        });
      });
    } else {
      describe('publish without a token (executor.create / executor.update)', () => {
        it('an anonymous first publish returns the secret, masked, only in the secret output and its executors entry', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder') });
          const r = await runStep({
            path: folder,
            'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`,
            registry: hub.url,
          });
          assert.equal(r.code, 0, logOf(r));
          const executor = hub.state().executors.find((e) => e.name === 'AnonEncoder');
          assert.ok(executor);
          assert.equal(uploads()[0]?.method, 'executor.create');
        assert.ok(hub.requests().filter((q) => q.probe).every((q) => q.fields.md5sum === undefined && !q.file), 'a probe carries no package');
          assert.equal(uploads()[0]?.fields.id, undefined);
          assert.equal(r.outputs.secret, executor.secret);
          assert.equal(r.outputs.name, 'AnonEncoder');
          assert.equal(r.outputs.id, executor.id);
          assert.equal(r.outputs.status, 'succeeded');
          assert.equal(r.outputs['task-id'], undefined);
          assert.equal(r.outputs.uri, 'jinahub+docker://AnonEncoder/latest');
          const entries = JSON.parse(r.outputs.executors ?? '[]') as Array<{ secret?: string }>;
          assert.equal(entries[0]?.secret, executor.secret, 'the executors entry hands the secret over too');
          // Handed over there, seen nowhere else.
          const handedOver = JSON.stringify(entries.map(({ secret: _secret, ...rest }) => rest));
          assertNoSecretShown({ ...r, visible: r.visible.replace(`executors=${r.outputs.executors ?? ''}`, `executors=${handedOver}`) }, [executor.secret, BUILD_SECRET]);
        });

        it('force-update with the secret goes through executor.update', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          const first = await runStep({ path: folder, registry: hub.url });
          assert.equal(first.code, 0, logOf(first));
          const secret = first.outputs.secret ?? '?';
          hub.clearRequests();
          const r = await runStep({
            path: folder,
            'force-update': 'AnonEncoder',
            secret,
            tags: 'v2',
            visibility: 'private',
            registry: hub.url,
          });
          assert.equal(r.code, 0, logOf(r));
          const [upload] = uploads();
          assert.equal(upload?.method, 'executor.update');
          assert.equal(upload?.fields.id, 'AnonEncoder');
          assert.equal(upload?.fields.secret, secret);
          assert.equal(upload?.headers.authorization, undefined);
          assert.equal(r.outputs.secret, undefined, 'an update returns no secret');
          assert.equal(r.outputs.uri, 'jinahub+docker://AnonEncoder/v2');
          assertNoSecretShown(r, [secret]);
        });

        it('a wrong secret is refused with a sentence that says what to give', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          assert.equal((await runStep({ path: folder, registry: hub.url })).code, 0);
          const r = await runStep({ path: folder, 'force-update': 'AnonEncoder', secret: 'wrong-secret-xyz', registry: hub.url });
          assert.equal(r.code, 1);
          assert.match(errorsOf(r), /you may not change AnonEncoder: give the executor's secret, or a token of its owner/);
          assertNoSecretShown(r, ['wrong-secret-xyz']);
        });

        it('an anonymous publish whose answer does not say which executor it made: looked up by name, the secret kept', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          hub.setFaults({ nextBuild: { thinComplete: true } });
          const r = await runStep({ path: folder, registry: hub.url });
          assert.equal(r.code, 0, logOf(r));
          const executor = hub.state().executors.find((e) => e.name === 'AnonEncoder');
          assert.ok(executor);
          assert.equal(r.outputs.id, executor.id);
          assert.equal(r.outputs.secret, executor.secret);
          assert.equal(r.outputs.uri, 'jinahub+docker://AnonEncoder/latest');
          assert.equal(hub.requests().find((q) => q.method === 'executor.getPackage')?.fields.id, 'AnonEncoder');
          // Handed over in the secret output and the executors entry, seen nowhere else.
          const entries = JSON.parse(r.outputs.executors ?? '[]') as Array<{ secret?: string }>;
          assert.equal(entries[0]?.secret, executor.secret);
          const handedOver = JSON.stringify(entries.map(({ secret: _secret, ...rest }) => rest));
          assertNoSecretShown({ ...r, visible: r.visible.replace(`executors=${r.outputs.executors ?? ''}`, `executors=${handedOver}`) }, [executor.secret]);
        });

        it('a synchronous build that never ends fails at the time limit with status pending', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          hub.setFaults({ nextBuild: { neverEnds: true } });
          const started = Date.now();
          const r = await runStep({ path: folder, timeout: '2s', registry: hub.url });
          assert.equal(r.code, 1);
          assert.ok(Date.now() - started < 15_000, 'the time limit was not kept');
          assert.equal(r.outputs.status, 'pending');
          assert.match(errorsOf(r), /the build did not end within 2s: it goes on at the Hub; the Hub gives a new executor's secret only at the end of the answer the action stopped reading/);
        });

        it('a failed synchronous build fails the step with the reason', async () => {
          const folder = await executorFolder({ 'config.yml': configYml('AnonEncoder'), 'requirements.txt': 'numpy\n' });
          hub.setFaults({ nextBuild: { fail: 'the base image could not be pulled' } });
          const r = await runStep({ path: folder, registry: hub.url });
          assert.equal(r.code, 1);
          assert.match(errorsOf(r), /the base image could not be pulled/);
          assert.equal(r.outputs.status, 'failed');
        });
      });
    }
  });
}
