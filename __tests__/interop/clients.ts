// The real Hub clients (jina-hubble-sdk 0.26.4 and 0.39.0, in ../shared/reference) as test oracles:
// where they are, whether they can run here, and running one as a bounded child process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../tools/runner.js';

export type ClientVersion = '0.26.4' | '0.39.0';

/** The reference folder of the shared layout: ../shared/reference from the repository root. */
export const REFERENCE = path.resolve(ROOT, '..', 'shared', 'reference');
export const EXAMPLE = path.join(ROOT, 'examples', 'MyEncoder');
/** The Debian python, which sees the Debian packages the clients need (see .ci/run). */
export const PYTHON = '/usr/bin/python3';
const IN_CI = process.env.CI === 'true';

export function clientDir(version: ClientVersion): string {
  return path.join(REFERENCE, `jina-hubble-sdk-${version}`);
}

/** Why the clients cannot run here, or null when they can. */
function whyUnavailable(): string | null {
  if (!existsSync(REFERENCE)) {
    return `the reference clients are not at ${REFERENCE} (a clone outside the shared layout: see README, The real clients)`;
  }
  for (const version of ['0.26.4', '0.39.0'] as const) {
    if (!existsSync(path.join(clientDir(version), 'hubble'))) return `${clientDir(version)}/hubble is missing`;
  }
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  for (const version of ['0.26.4', '0.39.0'] as const) {
    const check = spawnSync(PYTHON, ['-c', 'import hubble.executor.hubio, hubble.executor.parsers'], {
      env: { PATH: process.env.PATH ?? '', PYTHONPATH: clientDir(version), HOME: os.tmpdir() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (check.status !== 0) {
      const reason = (check.stderr || check.error?.message || `exit ${String(check.status)}`).trim().split('\n').at(-1);
      return `the ${version} client cannot be imported by ${PYTHON} (${reason}); install the Debian packages .ci/run installs`;
    }
  }
  return null;
}

export const UNAVAILABLE = whyUnavailable();

/**
 * Options for a describe() of real-client tests: skipped, saying why, when the clients cannot run
 * here; never in CI (CI=true), where every test then fails with that reason instead.
 */
export function suiteOptions(): { skip?: string } {
  if (UNAVAILABLE === null || IN_CI) return {};
  process.stderr.write(`interop: skipped: ${UNAVAILABLE}\n`);
  return { skip: UNAVAILABLE };
}

/** Fails with the reason the clients cannot run (only reached in CI, where nothing is skipped). */
export function assertAvailable(): void {
  if (UNAVAILABLE !== null) throw new Error(`the real clients cannot run: ${UNAVAILABLE}`);
}

export interface ClientRun {
  code: number | null;
  /** stdout and stderr, as the user would read them. */
  output: string;
  timedOut: boolean;
}

export interface ClientOptions {
  registry: string;
  /** JINA_AUTH_TOKEN; none: not logged in. */
  token?: string;
  /** HOME of the run: the clients keep their config and the 0.26 secret cache there. */
  home: string;
  timeoutMs?: number;
}

/** `python -m hubble.executor ARGS` (`jina hub ARGS`), killed after `timeoutMs`. */
export async function runClient(version: ClientVersion, args: string[], opts: ClientOptions): Promise<ClientRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: opts.home,
    PYTHONPATH: clientDir(version),
    PYTHONIOENCODING: 'utf-8',
    LANG: 'C.UTF-8',
    COLUMNS: '200',
    NO_COLOR: '1',
    JINA_HUBBLE_REGISTRY: opts.registry,
  };
  if (opts.token !== undefined) env['JINA_AUTH_TOKEN'] = opts.token;
  const child = spawn(PYTHON, ['-m', 'hubble.executor', ...args], { cwd: opts.home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => {
    child.on('close', (c) => resolve(c));
    child.on('error', () => resolve(null));
  });
  clearTimeout(timer);
  return { code, output, timedOut };
}

/** A fresh HOME and a copy of examples/MyEncoder to push (0.26 writes into what it pushes and into HOME). */
export async function workspace(): Promise<{ home: string; folder: string; remove: () => Promise<void> }> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'interop-'));
  const folder = path.join(home, 'MyEncoder');
  await fs.cp(EXAMPLE, folder, { recursive: true });
  return { home, folder, remove: () => fs.rm(home, { recursive: true, force: true }) };
}

/** The run's output for an assertion message: the end, where the client says what went wrong. */
export function tail(run: ClientRun): string {
  return `exit ${String(run.code)}${run.timedOut ? ' (timed out)' : ''}:\n${run.output.slice(-3000)}`;
}
