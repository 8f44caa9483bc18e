// Runs one command under GNU time: wall time (measured here, around the process), CPU time (user+sys,
// the process and every child it waited for) and peak RSS (the largest of them), from `time -f`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  label: string;
  /** The command as a shell line, for the report. */
  command: string;
  cwd: string;
  wallS: number;
  userS: number;
  sysS: number;
  cpuS: number;
  rssMiB: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: Record<string, string>;
}

export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function measure(label: string, argv: readonly string[], options: MeasureOptions = {}): Promise<Measurement> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-time-'));
  const timeFile = path.join(dir, 'time');
  const cwd = options.cwd ?? process.cwd();
  try {
    const child = spawn(GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, '--', ...argv], {
      cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const start = performance.now();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    });
    const wallS = (performance.now() - start) / 1000;
    const command = shellQuote(argv);
    if (code !== 0) throw new Error(`${label}: \`${command}\` exited with ${code}\n${stderr.slice(-2000)}`);
    const fields = (await fs.readFile(timeFile, 'utf8')).trim().split('\n').pop()?.split(' ').map(Number) ?? [];
    const [, user, sys, rssKiB] = fields;
    if (user === undefined || sys === undefined || rssKiB === undefined || fields.some(Number.isNaN)) {
      throw new Error(`${label}: cannot read GNU time's output in ${timeFile}`);
    }
    return { label, command, cwd, wallS, userS: user, sysS: sys, cpuS: user + sys, rssMiB: rssKiB / 1024, stdout, stderr };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** GNU time and zip come from Debian packages; installs them with apt-get when they are missing. */
export function ensureTools(): void {
  const missing: string[] = [];
  if (!existsSync(GNU_TIME)) missing.push('time');
  if (!onPath('zip')) missing.push('zip');
  if (missing.length > 0) {
    console.log(`installing ${missing.join(', ')} with apt-get`);
    try {
      execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit' });
    } catch {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit' });
    }
  }
  for (const cmd of ['python3', 'md5sum', 'curl', 'find', 'xargs']) {
    if (!onPath(cmd)) throw new Error(`the benchmark needs ${cmd} on PATH`);
  }
}

/** Reads every file of the folder once so that every measurement starts from a warm page cache. */
export function warmCache(folder: string): void {
  execFileSync('sh', ['-c', 'find . -type f -print0 | xargs -0 cat > /dev/null'], { cwd: folder, stdio: 'ignore' });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs a measurement `runs` times and keeps the run with the median wall time (its CPU and RSS with it). */
export async function medianRun<T extends Measurement>(runs: number, once: () => Promise<T>): Promise<T & { runs: number }> {
  const all: T[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  all.sort((a, b) => a.wallS - b.wallS);
  return { ...(all[Math.floor((all.length - 1) / 2)] as T), runs };
}
