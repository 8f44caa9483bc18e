// The README's matrix recipe, run as GitHub would run its two jobs, against the local Hub: the list
// job's step with the recipe's own `with:`, its `executors` output turned into the matrix as fromJSON
// does, then one publish per entry with the publish job's `with:` (matrix and secrets filled in).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  uses?: string;
  with?: Record<string, string | boolean | number>;
}
interface Job {
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
