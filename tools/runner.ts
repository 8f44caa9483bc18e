// Runs the bundled action the way a GitHub runner does: a separate `node dist/index.js` process,
// inputs as INPUT_* variables with action.yml's defaults applied, outputs and summary written to files.
// The end to end tests and the demo both use it.
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { readAsRunner, type RunnerReading } from './runner-model.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle to run: dist/index.js, or another build named by ACTION_DIST (e.g. one made while dist/ is being rebuilt). */
export const DIST = process.env.ACTION_DIST ? path.resolve(process.env.ACTION_DIST) : path.join(ROOT, 'dist', 'index.js');
export const EXAMPLE = path.join(ROOT, 'examples', 'MyEncoder');
/** The node binary that runs the bundle, as the runner's own node would: ACTION_NODE (e.g. Node 24), else this one. */
export const ACTION_NODE = process.env.ACTION_NODE ? path.resolve(process.env.ACTION_NODE) : process.execPath;

interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
export const ACTION = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;

/** What a runner sets for the step's inputs: action.yml's defaults, overridden by `with:`. */
export function runnerInputs(withInputs: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(withInputs)) {
    if (!(name in ACTION.inputs)) throw new Error(`action.yml declares no input ${name}`);
  }
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(ACTION.inputs)) {
    const value = withInputs[name] ?? spec.default ?? '';
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

export interface StepResult {
  /** What the step left in RUNNER_TEMP (it should clean up after itself). */
  leftInTemp: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The step's stdout and stderr read as the runner reads them: commands run, masks applied, annotations and groups. */
  runner: RunnerReading;
  /** The log as a person reads it on the runner (runner.text). */
  log: string;
  /**
   * Everything a person could see or read afterwards, before the runner's own masking: the lines the
   * runner shows (not the commands it ran), every annotation, outputs other than `secret`, and the summary.
   */
  visible: string;
  /** The step's peak resident memory in MiB (Linux: VmHWM, read every 100 ms while it runs; undefined elsewhere). */
  peakRssMiB?: number;
  /** With `cancelWhen`: milliseconds from the signal to the end of the process (undefined if never sent). */
  endedAfterSignalMs?: number;
}

export interface StepOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  cwd?: string;
  /** Called with the step's log as it comes, e.g. to show it live. */
  onLog?: (chunk: string) => void;
  /** Cancels the step the way a runner does: sends `signal` once the log so far matches `when`. */
  cancelWhen?: { signal: NodeJS.Signals; when: RegExp };
  /** Cancels the step `afterMs` after it was spawned, whatever it printed (e.g. while the bundle loads). */
  cancelAfter?: { signal: NodeJS.Signals; afterMs: number };
}

/** What a runner gives a step: a folder with its output and summary files and RUNNER_TEMP, and the environment naming them with the inputs. */
export async function stepFiles(
  prefix: string,
  withInputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<{ dir: string; outputFile: string; summaryFile: string; runnerTemp: string; env: Record<string, string> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  const runnerTemp = path.join(dir, 'runner-temp');
  await fs.mkdir(runnerTemp);
  await fs.writeFile(outputFile, '');
  await fs.writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.homedir(),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTIONS: 'true',
    ...runnerInputs(withInputs),
    ...extraEnv,
  };
  return { dir, outputFile, summaryFile, runnerTemp, env };
}

export async function runStep(withInputs: Record<string, string>, options: StepOptions = {}): Promise<StepResult> {
  const { dir, outputFile, summaryFile, runnerTemp, env } = await stepFiles('hub-step-', withInputs, options.env);
  const child = spawn(ACTION_NODE, [DIST], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalledAt: number | undefined;
  const maybeCancel = () => {
    const cancel = options.cancelWhen;
    if (!cancel || signalledAt !== undefined || !cancel.when.test(stdout + stderr)) return;
    signalledAt = Date.now();
    child.kill(cancel.signal);
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    options.onLog?.(d);
    maybeCancel();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    options.onLog?.(d);
    maybeCancel();
  });
  const early = options.cancelAfter;
  const earlyTimer = early
    ? setTimeout(() => {
        if (signalledAt !== undefined) return;
        signalledAt = Date.now();
        child.kill(early.signal);
      }, early.afterMs)
    : undefined;
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  let peakKiB: number | undefined;
  const sampleRss = () => {
    try {
      const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKiB = Math.max(peakKiB ?? 0, Number(m[1]));
    } catch {
      // not Linux, or already gone
    }
  };
  const rssTimer = setInterval(sampleRss, 100);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  clearTimeout(earlyTimer);
  clearInterval(rssTimer);
  const endedAfterSignalMs = signalledAt === undefined ? undefined : Date.now() - signalledAt;
  const outputs = parseOutputFile(await fs.readFile(outputFile, 'utf8'));
  const summary = await fs.readFile(summaryFile, 'utf8');
  const leftInTemp = await fs.readdir(runnerTemp);
  await fs.rm(dir, { recursive: true, force: true });
  // The `secret` output, and the `secret` of each entry of `executors`, hand a secret over: not seen.
  const visibleOutputs = Object.entries(outputs)
    .filter(([k]) => k !== 'secret')
    .map(([k, v]) => `${k}=${k === 'executors' ? withoutHandedSecrets(v) : v}`)
    .join('\n');
  const runner = readAsRunner([stdout, stderr], { stepDebug: env.ACTIONS_STEP_DEBUG === 'true' });
  const shown = [...runner.unmaskedLines, ...runner.annotations.map((a) => `${a.unmasked}\n${Object.values(a.unmaskedProperties).join('\n')}`)].join('\n');
  return {
    leftInTemp,
    code,
    signal,
    stdout,
    stderr,
    outputs,
    summary,
    runner,
    log: runner.text,
    visible: `${shown}\n${visibleOutputs}\n${summary}`,
    endedAfterSignalMs,
    peakRssMiB: peakKiB === undefined ? undefined : Math.round(peakKiB / 1024),
  };
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] as string);
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
    out[name] = value.join('\n');
  }
  return out;
}

/** The `executors` output without the `secret` field of its entries (a value that is not such a list is kept whole). */
function withoutHandedSecrets(value: string): string {
  try {
    const entries: unknown = JSON.parse(value);
    if (!Array.isArray(entries)) return value;
    return JSON.stringify(entries.map((entry: unknown) => (entry && typeof entry === 'object' ? { ...entry, secret: undefined } : entry)));
  } catch {
    return value;
  }
}
