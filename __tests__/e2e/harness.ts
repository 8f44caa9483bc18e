// Helpers of the end to end tests: run the step as a runner would, then check what a person would see.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timesShown } from '../../tools/runner-masker.js';
import type { Annotation, AnnotationKind } from '../../tools/runner-model.js';
import { runStep as runnerStep, ROOT, type StepOptions, type StepResult } from '../../tools/runner.js';

export { ACTION, ROOT, type StepResult } from '../../tools/runner.js';
export { timesShown } from '../../tools/runner-masker.js';
export const EXAMPLE = path.join(ROOT, 'examples', 'MyEncoder');

/** Runs the step and checks it cleaned up its package. */
export async function runStep(withInputs: Record<string, string>, options: StepOptions = {}): Promise<StepResult> {
  const r = await runnerStep(withInputs, options);
  assert.deepEqual(r.leftInTemp, [], 'the step left its package behind in RUNNER_TEMP');
  return r;
}

/** The log as a person reads it on the runner: commands run, masks applied, markers rendered. */
export function logOf(r: StepResult): string {
  return r.log;
}

/** The annotations of a kind the step made, as the runner collected them. */
export function annotationsOf(r: StepResult, kind: AnnotationKind): Annotation[] {
  return r.runner.annotations.filter((a) => a.kind === kind);
}

/** The messages of the error annotations, one per line. */
export function errorsOf(r: StepResult): string {
  return annotationsOf(r, 'error')
    .map((a) => a.message)
    .join('\n');
}

/** The messages of the warning annotations, one per line. */
export function warningsOf(r: StepResult): string {
  return annotationsOf(r, 'warning')
    .map((a) => a.message)
    .join('\n');
}

/**
 * No secret appears anywhere a person could see it, in any form the runner knows, even before the
 * runner's own masking; each secret was registered with the runner (its add-mask ran).
 */
export function assertNoSecretShown(r: StepResult, secrets: string[]): void {
  for (const secret of secrets) {
    const shown = timesShown(r.visible, secret);
    assert.equal(shown, 0, `secret ${JSON.stringify(secret.slice(0, 2))}... is visible ${shown} times`);
    assert.ok(r.runner.masks.includes(secret), 'secret was not masked for the runner');
  }
  assert.equal(r.runner.stoppedUntil, undefined, 'workflow commands were left stopped');
}

/** The secret masks come first: the runner ran an add-mask for each of them before any other line. */
export function assertMasksFirst(r: StepResult, secrets: string[]): void {
  const masks = r.runner.commands.filter((c) => c.name === 'add-mask');
  const lines = secrets.map((s) => masks.find((c) => c.data === s)?.inputLine ?? -1);
  assert.ok(Math.min(...lines) >= 0, 'masks missing');
  const last = Math.max(...lines);
  const maskLines = new Set(masks.map((c) => c.inputLine));
  for (let i = 0; i < last; i++) assert.ok(maskLines.has(i), `line ${i} printed before masking: ${r.stdout.split('\n')[i]}`);
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
