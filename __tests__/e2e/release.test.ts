// Release workflows, as the README's recipes run them: tags from git, safe re-runs, the GPU variant,
// dry runs, several executors, changed-only. The action runs as a runner runs it, against the local Hub.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHub, type HubApi, type LocalHub } from '../../local-hub/server.js';
import { runStep as runnerStep } from '../../tools/runner.js';
import { configYml, errorsOf, executorFolder, logOf, runStep } from './harness.js';

const TOKEN = 'release-token-3d9a';
const OTHER = 'bob-release-token-51e0';
const BUILD_SECRET = 'rel-s3cret-value';
const MODES: HubApi[] = ['async', 'push', 'both'];
let hub: LocalHub;

/** The environment of a run for an event: GITHUB_EVENT_NAME, GITHUB_REF and the event's payload file. */
async function eventEnv(eventName: string, ref: string, payload: object = {}): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-event-'));
  const file = path.join(dir, 'event.json');
  await fs.writeFile(file, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: eventName, GITHUB_REF: ref, GITHUB_EVENT_PATH: file };
}

/** A repository with executors/a and executors/b (executors A and B), committed; returns its folder. */
async function monorepo(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-mono-'));
  for (const [dir, name] of [['a', 'ExecA'], ['b', 'ExecB']] as const) {
    const folder = path.join(root, 'executors', dir);
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'config.yml'), configYml(name));
    await fs.writeFile(path.join(folder, 'executor.py'), `class ${name}: pass\n`);
  }
  await fs.mkdir(path.join(root, 'docs'));
  await fs.writeFile(path.join(root, 'docs', 'README.md'), 'not an executor\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'first');
  return root;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** Upload tries (probes without a package are not uploads). */
const uploads = () => hub.requests().filter((r) => r.upload);
const base = (extra: Record<string, string> = {}) => ({ token: TOKEN, 'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`, registry: hub.url, ...extra });

for (const mode of MODES) {
  describe(`against a Hub of the ${mode} generation`, () => {
    before(async () => {
      hub = await startHub({ api: mode, tokens: { [TOKEN]: 'alice', [OTHER]: 'bob' }, buildMs: 200, streamMs: 2000 });
    });
    after(async () => hub.close());
    beforeEach(() => hub.reset());

    describe('safe re-runs', () => {
      it('a re-run of the same release uploads nothing and reports the published version (status skipped)', async () => {
        const folder = await executorFolder();
        const inputs = { path: folder, ...base({ tags: 'v1.0.0', 'protected-tags': 'v1.0.0' }) };
        const first = await runStep(inputs);
        assert.equal(first.code, 0, logOf(first));
        const again = await runStep(inputs);
        assert.equal(again.code, 0, logOf(again));
        assert.equal(again.outputs.status, 'skipped');
        assert.equal(again.outputs.md5, first.outputs.md5);
        assert.equal(again.outputs.id, first.outputs.id);
        assert.match(again.outputs.uri ?? '', /^jinaai\+docker:\/\/alice\/MyEncoder:v1\.0\.0$/);
        assert.equal(uploads().length, 1, 'one upload in all');
        assert.equal(hub.state().tasks.length, 1, 'one build in all');
        assert.match(logOf(again), /MyEncoder:v1\.0\.0 already holds this package \(md5 [0-9a-f]{32}\): nothing uploaded \(status: skipped\)/);
      });

      it("another owner's executor of the same name, holding this package, is not taken for yours", async () => {
        const inputs = { path: await executorFolder(), ...base({ tags: 'v1.0.0', 'protected-tags': 'v1.0.0' }) };
        const bobs = await runStep({ ...inputs, token: OTHER });
        assert.equal(bobs.code, 0, logOf(bobs));
        hub.clearRequests();
        const alices = await runStep(inputs);
        assert.notEqual(alices.outputs.status, 'skipped');
        const lookups = hub.requests().filter((q) => q.method === 'executor.getPackage');
        assert.ok(lookups.length > 0 && lookups.every((q) => q.fields.id === 'alice/MyEncoder'), lookups.map((q) => q.fields.id).join(', '));
        if (mode === 'push') {
          // The push generation keeps owners apart: alice gets her own MyEncoder.
          assert.equal(alices.code, 0, logOf(alices));
          assert.equal(alices.outputs.uri, 'jinaai+docker://alice/MyEncoder:v1.0.0');
          assert.notEqual(alices.outputs.id, bobs.outputs.id);
        } else {
          // The async generation has one namespace of names: the Hub says whose it is.
          assert.equal(alices.code, 1);
          assert.match(errorsOf(alices), /the name MyEncoder is taken on the Hub/);
        }
      });

      it('a protected tag that holds another package fails before uploading, naming the tag', async () => {
        const inputs = { ...base({ tags: 'v1.0.0', 'protected-tags': 'v1.0.0' }) };
        assert.equal((await runStep({ path: await executorFolder(), ...inputs })).code, 0);
        const changed = await runStep({ path: await executorFolder({ 'executor.py': 'print("changed")\n' }), ...inputs });
        assert.equal(changed.code, 1);
        assert.match(errorsOf(changed), /the protected tag v1\.0\.0 of MyEncoder already holds another package \(md5 [0-9a-f]{32}, this one [0-9a-f]{32}\): a protected tag is pushed once; push a new version tag\./);
        assert.equal(uploads().length, 1, 'nothing uploaded on the second run');
      });
    });

    describe('GPU variant', () => {
      it('Dockerfile.gpu gives a second build with every tag suffixed -gpu', async () => {
        const folder = await executorFolder({ 'Dockerfile.gpu': 'FROM jinaai/jina:3-py310-perf\nCOPY . /workdir/\n' });
        const r = await runStep({ path: folder, ...base({ tags: 'v1.1.0\nlatest' }) });
        assert.equal(r.code, 0, logOf(r));
        const [cpu, gpu] = uploads();
        assert.equal(cpu?.fields.tags, 'v1.1.0,latest');
        assert.equal(cpu?.fields.dockerfile, undefined);
        assert.equal(gpu?.fields.tags, 'v1.1.0-gpu,latest-gpu');
        assert.equal(gpu?.fields.dockerfile, 'Dockerfile.gpu');
        const tasks = hub.state().tasks;
        assert.equal(tasks.length, 2);
        assert.equal(r.outputs['gpu-task-id'], tasks[1]?._id);
        assert.equal(r.outputs['gpu-status'], 'succeeded');
        assert.equal(r.outputs.status, 'succeeded');
      });

      it('gpu-dockerfile: none builds only the CPU image', async () => {
        const folder = await executorFolder({ 'Dockerfile.gpu': 'FROM jinaai/jina:3-py310-perf\n' });
        const r = await runStep({ path: folder, ...base({ 'gpu-dockerfile': 'none' }) });
        assert.equal(r.code, 0, logOf(r));
        assert.equal(uploads().length, 1);
        assert.equal(r.outputs['gpu-task-id'], undefined);
      });
    });

    describe('several executors', () => {
      it('publishes every folder a glob finds, and the executors output has one result each', async () => {
        const root = await monorepo();
        const r = await runStep({ path: 'executors/*', ...base({ parallel: '2' }) }, { cwd: root });
        assert.equal(r.code, 0, logOf(r));
        const results = JSON.parse(r.outputs.executors ?? '[]') as Array<Record<string, unknown>>;
        assert.deepEqual(
          results.map((e) => [e.path, e.name, e.status]),
          [
            ['executors/a', 'ExecA', 'succeeded'],
            ['executors/b', 'ExecB', 'succeeded'],
          ],
        );
        assert.equal(hub.state().tasks.length, 2);
        // The Hub is asked once per run which API it speaks, and whose the token is, not once per executor.
        const probes = hub.requests().filter((q) => /^executor\.(createAsync|push)$/.test(q.method) && !q.upload);
        assert.ok(probes.every((q) => !q.file && Object.keys(q.fields).length === 0), 'a probe carries no package and no field');
        assert.deepEqual(probes.map((q) => q.method), mode === 'push' ? ['executor.createAsync', 'executor.push'] : ['executor.createAsync']);
        assert.equal(hub.requests().filter((q) => q.method === 'user.identity.whoami').length, 1);
        assert.equal(logOf(r).split('\n').filter((l) => l.includes('the Hub speaks the')).length, 1);
        assert.match(logOf(r), /^\[executors\/a\] /m);
        assert.match(r.summary, /ExecA/);
        assert.match(r.summary, /ExecB/);
      });

      it('one failure does not stop the others, and the step fails naming it', async () => {
        const root = await monorepo();
        await fs.writeFile(path.join(root, 'executors', 'b', 'requirements.txt'), 'private-pkg @ git+https://${MISSING_TOKEN}@example.com/p.git\n');
        const r = await runStep({ path: 'executors/a\nexecutors/b', ...base() }, { cwd: root });
        assert.equal(r.code, 1);
        const results = JSON.parse(r.outputs.executors ?? '[]') as Array<Record<string, unknown>>;
        assert.equal(results[0]?.status, 'succeeded');
        assert.equal(results[1]?.status, 'refused');
        assert.match(String(results[1]?.error), /MISSING_TOKEN/);
        assert.match(errorsOf(r), /1 of 2 executors failed: executors\/b/);
        assert.equal(hub.state().tasks.length, 1);
      });

      it('a pull request dry run checks and packs only the folders the pull request changes', async () => {
        const root = await monorepo();
        const baseSha = git(root, 'rev-parse', 'HEAD');
        await fs.writeFile(path.join(root, 'executors', 'b', 'executor.py'), 'class ExecB: version = 2\n');
        git(root, 'commit', '-q', '-am', 'change b');
        const env = await eventEnv('pull_request', 'refs/pull/7/merge', { pull_request: { base: { sha: baseSha } } });
        const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-pr-'));
        const r = await runnerStep({ path: 'executors/*', 'changed-only': 'true', 'dry-run': 'true', registry: hub.url }, { cwd: root, env: { ...env, RUNNER_TEMP: runnerTemp } });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.equal(hub.requests().length, 0, 'nothing sent');
        const results = JSON.parse(r.outputs.executors ?? '[]') as Array<Record<string, unknown>>;
        assert.deepEqual(results.map((e) => [e.name, e.status]), [['ExecB', 'dry-run']]);
        assert.ok(String(results[0]?.['package-path']).startsWith(runnerTemp));
        await fs.rm(runnerTemp, { recursive: true, force: true });
      });

      it('changed-only publishes the folders changed since the push’s before commit', async () => {
        const root = await monorepo();
        const before = git(root, 'rev-parse', 'HEAD');
        await fs.writeFile(path.join(root, 'executors', 'a', 'executor.py'), 'class ExecA: version = 2\n');
        git(root, 'commit', '-q', '-am', 'change a');
        const env = await eventEnv('push', 'refs/heads/main', { before });
        const r = await runStep({ path: 'executors/*', 'changed-only': 'true', ...base() }, { cwd: root, env });
        assert.equal(r.code, 0, logOf(r));
        const results = JSON.parse(r.outputs.executors ?? '[]') as Array<Record<string, unknown>>;
        assert.deepEqual(results.map((e) => e.name), ['ExecA']);
        assert.equal(r.outputs.name, 'ExecA', 'one folder: the single-executor outputs are set too');
        assert.match(logOf(r), /changed-only: 1 of 2 folders changed since [0-9a-f]{12}: executors\/a/);
      });
    });

    // What does not depend on the Hub's generation, once.
    if (mode === 'both') {
      describe('tags from git', () => {
        it('a tag push publishes the tag and latest', async () => {
          const r = await runStep({ path: await executorFolder(), ...base() }, { env: await eventEnv('push', 'refs/tags/v1.2.0') });
          assert.equal(r.code, 0, logOf(r));
          assert.equal(uploads()[0]?.fields.tags, 'v1.2.0,latest');
          assert.deepEqual(JSON.parse(r.outputs.tags ?? '[]'), ['v1.2.0', 'latest']);
          assert.match(logOf(r), /tags v1\.2\.0, latest, from the tag v1\.2\.0/);
        });

        it('a prerelease release publishes its tag without moving latest', async () => {
          const env = await eventEnv('release', 'refs/tags/v2.0.0-rc.1', { release: { tag_name: 'v2.0.0-rc.1', prerelease: true } });
          const r = await runStep({ path: await executorFolder(), ...base() }, { env });
          assert.equal(r.code, 0, logOf(r));
          assert.equal(uploads()[0]?.fields.tags, 'v2.0.0-rc.1');
        });

        it('a branch run keeps the Hub default, and tags given as input win over git', async () => {
          const branch = await runStep({ path: await executorFolder(), ...base() }, { env: await eventEnv('push', 'refs/heads/main') });
          assert.equal(branch.code, 0, logOf(branch));
          assert.equal(uploads()[0]?.fields.tags, undefined);
          hub.reset();
          const given = await runStep({ path: await executorFolder(), ...base({ tags: 'nightly' }) }, { env: await eventEnv('push', 'refs/tags/v9.0.0') });
          assert.equal(given.code, 0, logOf(given));
          assert.equal(uploads()[0]?.fields.tags, 'nightly');
        });
      });

      describe('dry run', () => {
        it('checks and packs without a token, sends nothing, and leaves the package with its md5', async () => {
          const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-dry-'));
          const r = await runnerStep({ path: await executorFolder(), 'dry-run': 'true', 'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`, registry: hub.url }, { env: { RUNNER_TEMP: runnerTemp } });
          assert.equal(r.code, 0, r.stdout + r.stderr);
          assert.equal(hub.requests().length, 0, 'nothing sent');
          assert.equal(r.outputs.status, 'dry-run');
          const file = r.outputs['package-path'] ?? '';
          assert.ok(file.startsWith(runnerTemp), file);
          assert.equal(createHash('md5').update(readFileSync(file)).digest('hex'), r.outputs.md5);
          // The same files give the same package when it is published for real.
          const real = await runStep({ path: await executorFolder(), ...base() });
          assert.equal(real.outputs.md5, r.outputs.md5);
          await fs.rm(runnerTemp, { recursive: true, force: true });
        });

        it('still refuses what a push would refuse', async () => {
          const r = await runStep({ path: await executorFolder(), 'dry-run': 'true', registry: hub.url });
          assert.equal(r.code, 1);
          assert.match(logOf(r), /requirements\.txt uses \$\{PRIVATE_TOKEN\} but build-env does not set it/);
        });
      });
    }
  });
}
