// Helpers of the end to end tests: run the step as a runner would, then check what a person would see.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStep as runnerStep, ROOT, type StepOptions, type StepResult } from '../../tools/runner.js';

export { ACTION, ROOT, type StepResult } from '../../tools/runner.js';
export const EXAMPLE = path.join(ROOT, 'examples', 'MyEncoder');

/** Runs the step and checks it cleaned up its package. */
export async function runStep(withInputs: Record<string, string>, options: StepOptions = {}): Promise<StepResult> {
  const r = await runnerStep(withInputs, options);
  assert.deepEqual(r.leftInTemp, [], 'the step left its package behind in RUNNER_TEMP');
  return r;
}

/** The log as a person reads it: the step's lines without workflow commands' syntax. */
export function logOf(r: StepResult): string {
  return r.stdout + r.stderr;
}

/** No secret appears anywhere a person could see it; the masks are registered before any other line. */
export function assertNoSecretShown(r: StepResult, secrets: string[]): void {
  for (const secret of secrets) {
    assert.ok(!r.visible.includes(secret), `secret ${JSON.stringify(secret.slice(0, 2))}... is visible`);
    const lines = r.stdout.split('\n');
    const maskLine = lines.indexOf(`::add-mask::${secret}`);
    assert.ok(maskLine >= 0, 'secret was not masked for the runner');
  }
}

/** The secret masks come first: every line before the last mask of the given secrets is a mask. */
export function assertMasksFirst(r: StepResult, secrets: string[]): void {
  const lines = r.stdout.split('\n');
  const last = Math.max(...secrets.map((s) => lines.indexOf(`::add-mask::${s}`)));
  assert.ok(last >= 0, 'masks missing');
  for (let i = 0; i < last; i++) assert.ok(lines[i]?.startsWith('::add-mask::'), `line ${i} printed before masking: ${lines[i]}`);
}

/** A copy of the example executor in a temp folder, with optional changes. */
export async function executorFolder(changes: Record<string, string | null> = {}, base = EXAMPLE): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-exec-'));
  await fs.cp(base, dir, { recursive: true });
  for (const [name, content] of Object.entries(changes)) {
    const file = path.join(dir, name);
    if (content === null) await fs.rm(file, { force: true, recursive: true });
    else {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content);
    }
  }
  return dir;
}

export function configYml(name: string): string {
  return `jtype: ${name}\nmetas:\n  name: ${name}\npy_modules:\n  - executor.py\n`;
}
