// One whole step as a runner runs it: `node dist/index.js` as a separate process, inputs as INPUT_*
// variables with action.yml's defaults (tools/runner.ts), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
// RUNNER_TEMP. While it runs, /proc/PID/status is read every SAMPLE_MS: VmRSS and VmHWM, each sample
// tagged with the phase the step's own log says it is in (the package and upload groups and their
// "done in" lines), so that the peak of each phase is known; VmHWM rising between two samples is
// charged to the phase of the later one, so that a spike shorter than the interval is not missed.
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { DIST, ROOT, parseOutputFile, stepFiles } from '../../tools/runner.js';

export const SAMPLE_MS = 10;
export type Phase = 'start' | 'package' | 'upload' | 'after';
export const PHASES: Phase[] = ['start', 'package', 'upload', 'after'];

export interface StepRun {
  code: number | null;
  wallS: number;
  /** Peak resident set (KiB → MiB) per phase, and the whole step's (the last VmHWM read). */
  peakMiB: Record<Phase, number> & { step: number };
  /** From the step's "package done in" and "upload done in" lines. */
  packageS: number | null;
  uploadS: number | null;
  md5: string;
  /** performance.now() just before spawn (for start → first request). */
  spawnedMs: number;
  samples: number;
  log: string;
}

export interface StepInputs {
  path: string;
  token: string;
  registry: string;
  [name: string]: string;
}

/** The phase a log line starts, if any. */
function phaseAfter(line: string, current: Phase): Phase {
  if (/^::group::Package /.test(line)) return 'package';
  if (/^package done in /.test(line)) return 'upload';
  if (/^::group::Upload/.test(line)) return 'upload';
  if (/^upload done in /.test(line)) return 'after';
  return current;
}

function readStatus(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(text);
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(text);
    if (!rss || !hwm) return undefined; // a zombie has neither
    return { rss: Number(rss[1]), hwm: Number(hwm[1]) };
  } catch {
    return undefined;
  }
}

export async function runWholeStep(node: string, inputs: StepInputs, options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<StepRun> {
  const { dir, outputFile, env } = await stepFiles('bench-step-', inputs, options.env);
  const peakKiB: Record<Phase, number> = { start: 0, package: 0, upload: 0, after: 0 };
  let phase: Phase = 'start';
  let lastHwm = 0;
  let samples = 0;
  let log = '';
  let partial = '';
  const spawnedMs = performance.now();
  const child = spawn(node, [DIST], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid as number;
  const sample = () => {
    const s = readStatus(pid);
    if (!s) return;
    samples++;
    peakKiB[phase] = Math.max(peakKiB[phase], s.rss, s.hwm > lastHwm ? s.hwm : 0);
    lastHwm = Math.max(lastHwm, s.hwm);
  };
  const onText = (d: string) => {
    log += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const next = phaseAfter(line, phase);
      if (next !== phase) {
        sample(); // what the old phase reached, up to its last line
        phase = next;
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', onText);
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  const timer = setInterval(sample, SAMPLE_MS);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20 * 60_000);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', () => sample());
    child.on('close', (c) => resolve(c));
  });
  const wallS = (performance.now() - spawnedMs) / 1000;
  clearInterval(timer);
  clearTimeout(killer);
  const outputs = parseOutputFile(await fs.readFile(outputFile, 'utf8'));
  await fs.rm(dir, { recursive: true, force: true });
  const seconds = (re: RegExp) => {
    const m = re.exec(log);
    return m?.[1] ? Number(m[1]) : null;
  };
  const MiB = (kib: number) => kib / 1024;
  return {
    code,
    wallS,
    peakMiB: {
      start: MiB(peakKiB.start),
      package: MiB(peakKiB.package),
      upload: MiB(peakKiB.upload),
      after: MiB(peakKiB.after),
      step: MiB(Math.max(lastHwm, ...Object.values(peakKiB))),
    },
    packageS: seconds(/^package done in ([\d.]+) ?s/m),
    uploadS: seconds(/^upload done in ([\d.]+) ?s/m),
    md5: outputs.md5 ?? '',
    spawnedMs,
    samples,
    log,
  };
}
