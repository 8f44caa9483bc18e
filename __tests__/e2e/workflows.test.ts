// Workflows run as written, against the local Hub. The README's matrix recipe as GitHub would run its
// two jobs: the list job's step with the recipe's own `with:`, its `executors` output turned into the
// matrix as fromJSON does, then one publish per entry with the publish job's `with:` (matrix and
// secrets filled in). And the e2e job of .github/workflows/ci.yml: its two `uses: ./` steps, then its
// own check script on their outputs.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import YAML from 'yaml';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { yamlBlocks } from '../../scripts/lint-workflows/recipes.js';
import { runStep as runnerStep } from '../../tools/runner.js';
import { configYml, logOf, ROOT, runStep } from './harness.js';

const TOKEN = 'matrix-token-51c2';
const PRIVATE_TOKEN = 'matrix-private-9e0f';
const ACTION_USES = /^jina-community\/jina-hub-push-action@v\d+$/;

interface Step {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  with?: Record<string, string | boolean | number>;
}
interface Job {
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  if?: string;
  strategy?: { matrix?: Record<string, string> };
  steps: Step[];
}

/** The recipe under the README heading that starts with "A matrix", as parsed YAML. */
function matrixRecipe(): { jobs: Record<string, Job> } {
  const block = yamlBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).find((b) => b.heading.startsWith('A matrix'));
  assert.ok(block, 'the README has a recipe under "A matrix..."');
  return YAML.parse(block.text) as { jobs: Record<string, Job> };
}

/** The step of a job that runs the action, and its `with:` as strings (what a runner passes). */
function actionStep(job: Job): { id?: string; with: Record<string, string> } {
  const steps = job.steps.filter((s) => ACTION_USES.test(s.uses ?? ''));
  assert.equal(steps.length, 1, 'one step of the job runs the action');
  const step = steps[0] as Step;
  return { id: step.id, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)])) };
}

/** `${{ ... }}` expressions replaced as GitHub would; an expression the test does not know fails it. */
function evaluate(inputs: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
        assert.ok(expr in values, `the test does not know the expression ${expr}`);
        return values[expr] as string;
      }),
    ]),
  );
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A repository with executors/a, b and c, each needing PRIVATE_TOKEN at build time, committed. */
async function monorepo(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-matrix-'));
  for (const [dir, name] of [['a', 'MatrixA'], ['b', 'MatrixB'], ['c', 'MatrixC']] as const) {
    const folder = path.join(root, 'executors', dir);
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'config.yml'), configYml(name));
    await fs.writeFile(path.join(folder, 'executor.py'), `class ${name}: pass\n`);
    await fs.writeFile(path.join(folder, 'requirements.txt'), 'git+https://${PRIVATE_TOKEN}@example.com/helpers.git\n');
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'first');
  return root;
}

async function pushEvent(before: string): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-event-'));
  const file = path.join(dir, 'event.json');
  await fs.writeFile(file, JSON.stringify({ before }));
  return { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: file };
}

let hub: LocalHub;
before(async () => {
  hub = await startHub({ tokens: { [TOKEN]: 'alice' }, buildMs: 100, streamMs: 2000 });
});
after(async () => hub.close());
beforeEach(() => hub.reset());

describe('README recipe: a matrix of runners', () => {
  it('the list job finds the changed executors, and the matrix job publishes each on its own', async () => {
    const { jobs } = matrixRecipe();
    const list = jobs.list as Job;
    const publish = jobs.publish as Job;
    assert.ok(list && publish, 'the recipe has a list and a publish job');

    const root = await monorepo();
    const before = git(root, 'rev-parse', 'HEAD');
    for (const dir of ['a', 'c']) await fs.writeFile(path.join(root, 'executors', dir, 'executor.py'), `# changed ${dir}\n`);
    git(root, 'commit', '-q', '-am', 'change a and c');
    const env = { ...(await pushEvent(before)), JINA_HUBBLE_REGISTRY: hub.url };

    // Job 1: the step as the recipe writes it (no registry input: the Hub comes from the environment).
    const listStep = actionStep(list);
    // A dry run leaves each package in RUNNER_TEMP for later steps: the runner's harness, not the one that checks it is cleaned up.
    const listed = await runnerStep(evaluate(listStep.with, {}), { cwd: root, env });
    assert.equal(listed.code, 0, logOf(listed));
    assert.equal(listed.leftInTemp.length, 2, 'one package per changed executor');
    assert.equal(hub.requests().length, 0, 'the list job sends nothing to the Hub');
    // The job's output, as the recipe maps it from the step's.
    const mapping = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(list.outputs?.executors ?? '');
    assert.ok(mapping && mapping[1] === listStep.id, 'the job output executors comes from the action step');
    const jobOutput = listed.outputs[mapping[2] as string] ?? '';
    assert.notEqual(jobOutput, '[]', 'the guard lets the matrix job run');

    // Job 2: fromJSON(needs.list.outputs.executors) as its matrix, one run per entry.
    assert.equal(publish.strategy?.matrix?.executor, '${{ fromJSON(needs.list.outputs.executors) }}');
    const matrix = JSON.parse(jobOutput) as Array<Record<string, unknown>>;
    assert.deepEqual(matrix.map((e) => [e.path, e.name, e.status]), [
      ['executors/a', 'MatrixA', 'dry-run'],
      ['executors/c', 'MatrixC', 'dry-run'],
    ]);
    const publishStep = actionStep(publish);
    const uris: string[] = [];
    for (const entry of matrix) {
      const inputs = evaluate(publishStep.with, {
        'matrix.executor.path': String(entry.path),
        'secrets.JINA_AUTH_TOKEN': TOKEN,
        'secrets.PRIVATE_TOKEN': PRIVATE_TOKEN,
      });
      // A matrix job runs on a fresh runner: a push event, no changed-only in its inputs.
      const r = await runStep(inputs, { cwd: root, env });
      assert.equal(r.code, 0, logOf(r));
      assert.equal(r.outputs.name, entry.name);
      assert.equal(r.outputs.status, 'succeeded');
      assert.equal(r.outputs.md5, entry.md5, 'the matrix job publishes the package the list job checked');
      assert.ok(!r.visible.includes(PRIVATE_TOKEN), 'the build-env value is never shown');
      uris.push(r.outputs.uri ?? '');
    }
    assert.deepEqual(uris, ['jinaai+docker://alice/MatrixA:latest', 'jinaai+docker://alice/MatrixC:latest']);
    const built = hub.state().tasks.map((t) => [t.executorName, t.status]);
    assert.deepEqual(built, [
      ['MatrixA', 'succeeded'],
      ['MatrixC', 'succeeded'],
    ]);
    for (const executor of hub.state().executors) {
      assert.deepEqual(executor.versions.map((v) => v.buildEnv), [{ PRIVATE_TOKEN }], `${executor.name} was built with the secret`);
    }
  });

  it('when nothing changed the list is exactly [], which the publish job’s guard skips', async () => {
    const { jobs } = matrixRecipe();
    assert.equal(jobs.publish?.if, "needs.list.outputs.executors != '[]'");
    const root = await monorepo();
    const head = git(root, 'rev-parse', 'HEAD');
    await fs.mkdir(path.join(root, 'docs'));
    await fs.writeFile(path.join(root, 'docs', 'notes.md'), 'not an executor\n');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'docs only');
    const env = { ...(await pushEvent(head)), JINA_HUBBLE_REGISTRY: hub.url };
    const listed = await runStep(evaluate(actionStep(jobs.list as Job).with, {}), { cwd: root, env });
    assert.equal(listed.code, 0, logOf(listed));
    assert.equal(listed.outputs.executors, '[]');
    assert.equal(hub.requests().length, 0);
  });
});

describe('.github/workflows/ci.yml: the e2e job', () => {
  it('publishes and dry-runs examples/MyEncoder with uses: ./, and its own checks pass on the outputs', async () => {
    const ci = YAML.parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as { jobs: Record<string, Job> };
    const job = ci.jobs.e2e as Job;
    assert.equal(job.env?.HUB_URL, 'http://127.0.0.1:8080', 'the job names its Hub once, in env');
    const ownSteps = job.steps.filter((s) => s.uses === './');
    assert.deepEqual(ownSteps.map((s) => s.id), ['publish', 'dry']);

    // The job's local Hub, on a random port here: `mytoken` belongs to alice, as the job starts it.
    const ciHub = await startHub({ tokens: { mytoken: 'alice' }, buildMs: 100, streamMs: 2000 });
    const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-ci-job-'));
    try {
      const values: Record<string, string> = { 'env.HUB_URL': ciHub.url, 'github.run_id': '4242' };
      for (const step of ownSteps) {
        const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
        const r = await runnerStep(evaluate(withInputs, values), { env: { RUNNER_TEMP: runnerTemp } });
        assert.equal(r.code, 0, logOf(r));
        for (const [name, value] of Object.entries(r.outputs)) values[`steps.${step.id}.outputs.${name}`] = value;
      }

      const check = job.steps.find((s) => s.name === 'Check the outputs');
      assert.ok(check?.run && check.env, 'the job has its check step');
      // Asynchronously: the Hub it asks runs in this process.
      const runCheck = (extra: Record<string, string> = {}) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const env = { PATH: process.env.PATH ?? '', HUB_URL: ciHub.url, ...evaluate(check.env as Record<string, string>, values), ...extra };
          execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run as string], { env, timeout: 30_000 }, (err, stdout, stderr) =>
            resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
          );
        });
      const ok = await runCheck();
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /outputs as expected: jinaai\+docker:\/\/alice\/MyEncoder:ci-4242, task [0-9a-f]+/);
      // The checks can fail: a wrong status, and a second build at the Hub, are each caught.
      const badStatus = await runCheck({ STATUS: 'failed' });
      assert.equal(badStatus.status, 1);
      assert.match(badStatus.stdout, /::error::status is 'failed', not succeeded/);
      ciHub.reset();
      const noBuild = await runCheck();
      assert.equal(noBuild.status, 1);
      assert.match(noBuild.stdout, /::error::the Hub has 0 builds, not 1/);
    } finally {
      await ciHub.close();
      await fs.rm(runnerTemp, { recursive: true, force: true });
    }
  });
});

describe('.github/workflows/release.yml: the version step', () => {
  const release = YAML.parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as { jobs: Record<string, Job> };
  const step = release.jobs.release?.steps.find((s) => s.id === 'version');
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

  async function runVersionStep(tag: string): Promise<{ status: number | null; stdout: string; outputs: string; notes: string }> {
    assert.ok(step?.run, 'the release job has its version step');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-release-step-'));
    const output = path.join(dir, 'output');
    await fs.writeFile(output, '');
    try {
      return await new Promise((resolve) => {
        const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), TAG: tag, GITHUB_OUTPUT: output, RUNNER_TEMP: dir };
        execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run as string], { cwd: ROOT, env, timeout: 60_000 }, async (err, stdout) => {
          const notes = await fs.readFile(path.join(dir, 'release-notes.md'), 'utf8').catch(() => '');
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, outputs: await fs.readFile(output, 'utf8'), notes });
        });
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  it('for the tag of package.json’s version: the major tag to move, not a prerelease, the changelog’s notes', async () => {
    const r = await runVersionStep(`v${version}`);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.outputs, `major=v${version.split('.')[0]}\nprerelease=false\n`);
    assert.match(r.notes, /^### Added/m);
    assert.ok(!r.notes.includes('## ['), 'only the version’s own section');
  });

  it('refuses a tag that is not package.json’s version, or not semver', async () => {
    const other = await runVersionStep('v99.0.0');
    assert.equal(other.status, 1);
    assert.match(other.stdout, /::error::the tag v99\.0\.0 is not package\.json's version/);
    const notSemver = await runVersionStep('v1.0');
    assert.equal(notSemver.status, 1);
    assert.match(notSemver.stdout, /::error::the tag v1\.0 is not vMAJOR\.MINOR\.PATCH/);
  });
});
