// The fault matrix: each fault the Hub can throw at the action, alone and combined, with what the
// step must do about it. __tests__/e2e/faults.test.ts runs every case as a test; scripts/faults.ts
// (npm run faults) runs them all and prints the table. The action is run as a runner runs it
// (tools/runner.ts, the bundle named by ACTION_DIST or dist/index.js) against the local Hub.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setHostileMode, type HostileMode } from '../../local-hub/hostile.js';
import { startHub, type Faults, type HubStateSnapshot, type LocalHub } from '../../local-hub/server.js';
import { timesShown } from '../../tools/runner-masker.js';
import { ACTION, ROOT, runStep, type StepResult } from '../../tools/runner.js';
import { configYml, executorFolder } from './harness.js';
import os from 'node:os';
import { PROXIED_HOST, selfSignedCert, startProxy, startTlsFront, type TestProxy } from './test-proxy.js';

/** The values that must never be seen: the token, a build-env value, the executor secret input. */
export const TOKEN = 'demo-token';
export const BUILD_SECRET = 'bEnv-9f3c7a1e-s3cret=value';
export const EXECUTOR_SECRET = 'exec-secret-4be1d07c9a';
export const SECRETS: readonly string[] = [TOKEN, BUILD_SECRET, EXECUTOR_SECRET];

/** The example executor: its requirements.txt uses ${PRIVATE_TOKEN}, given as build-env. */
export const FOLDER = path.join(ROOT, 'examples', 'MyEncoder');

/** Options of the Hub every case runs against (it is reset before each case). */
export const HUB_OPTIONS = { tokens: { [TOKEN]: 'demo' }, buildMs: 800, streamMs: 2000 } as const;

export interface Expected {
  /** null: either, as long as exit 0 comes with exactly one build and exit 1 with none (see exitMatchesBuilds). */
  exitCode: 0 | 1 | null;
  /** The `status` output; undefined: not checked beyond "exit 0 ⇔ succeeded". */
  status?: 'succeeded' | 'failed' | 'pending';
  /** Upload requests the Hub received (every try, on any listener); undefined: not checked. */
  tries?: number;
  /** Build tasks the Hub created; undefined: only "exit 0 ⇔ exactly one build". */
  builds?: number;
  /** What the log must say, as the runner shows it (each a sentence or a pattern). */
  log?: (string | RegExp)[];
  /** What the step's error annotation must say. */
  error?: RegExp;
  /** Every upload try carried the same Idempotency-Key. */
  oneKey?: boolean;
  /** A failed step says why in exactly one error annotation, outside any log group, with no stack trace. */
  oneSentence?: boolean;
  /** Each line of the build log shows up once in the step log (with verbose: true). */
  logLinesOnce?: boolean;
  /** The task ID appears in the log. */
  namesTask?: boolean;
  /** No request reached the mirror (the other origin) with an Authorization header. */
  noAuthToMirror?: boolean;
  /** Exit 0 ⇔ exactly one build; exit 1 ⇔ none (for a fault where either outcome is allowed). */
  exitMatchesBuilds?: boolean;
  /** The step ends within this many seconds. */
  maxSeconds?: number;
  /** A cancelled step ends within this many seconds of the signal. */
  endsAfterSignalWithin?: number;
  /** The `task-id` output is set. */
  taskIdOutput?: boolean;
  /** What the log must not say. */
  logNot?: RegExp[];
  /** The `secret` output is the secret the Hub gave the executor it created. */
  secretOutput?: boolean;
  /** Entries of the `executors` output that hold the secret the Hub gave their executor. */
  secretsInEntries?: number;
  /** Requests the proxy was asked to pass on (0: none went through it). */
  proxied?: number;
  /** At least this many requests went through the proxy (connections may be kept for several requests). */
  proxiedAtLeast?: number;
  /** Several executors: the step's status is in each entry of `executors` (no `status` output). */
  several?: boolean;
  /** The step's peak resident memory stays under this many MiB (where it can be measured). */
  maxRssMiB?: number;
}

/** What a case runs among: the local Hub, and a proxy on 127.0.0.1. */
export interface Matrix {
  hub: LocalHub;
  proxy: TestProxy;
  close(): Promise<void>;
}

export async function startMatrix(): Promise<Matrix> {
  const hub = await startHub({ ...HUB_OPTIONS, tokens: { ...HUB_OPTIONS.tokens } });
  const proxy = await startProxy();
  return {
    hub,
    proxy,
    close: async () => {
      await proxy.close();
      await hub.close();
    },
  };
}

/** Inputs and environment a case makes for itself before it runs, and what to remove after. */
export interface CaseSetup {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  cleanup?: () => Promise<void>;
}

export interface FaultCase {
  /** The table's "fault" column. */
  name: string;
  faults: Faults;
  /** The hostile Hub mode for this case (build logs full of commands, echoed secrets, floods). */
  hostile?: HostileMode;
  /** Inputs on top of the common ones (path, token, build-env, secret, registry, timeout). */
  inputs?: Record<string, string>;
  expected: Expected;
  /** Kill the step after this long (default 60s). */
  timeoutMs?: number;
  /** Cancel the step as a runner does when the workflow is cancelled: this signal, once the log matches. */
  cancelWhen?: { signal: NodeJS.Signals; when: RegExp };
  /** Made before the case runs (temp folders, the proxy's address...). */
  setup?: (m: Matrix) => Promise<CaseSetup>;
}

export interface CaseResult {
  name: string;
  /** e.g. "exit 0, succeeded". */
  outcome: string;
  exitCode: number | null;
  status: string | undefined;
  tries: number;
  builds: number;
  seconds: number;
  secretsSeen: number;
  /** The step's peak resident memory, where it can be measured. */
  peakRssMiB?: number;
  /** Every way the case missed its expectation; empty when it met it. */
  problems: string[];
  /** The step's log, for a failing case's report. */
  log: string;
}

const S = 1000;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Retry-After: 0 keeps the retry cases fast where the wait is not what is tested. */
const now = { retryAfter: '0' } as const;
/** An anonymous publish: no token, no executor secret (the Hub makes one and shows it once). */
const ANONYMOUS = { token: '', secret: '' } as const;

/** Executor folders without ${VARS} in requirements.txt, made for a case and removed after it. */
async function folders(names: string[]): Promise<{ paths: string[]; cleanup: () => Promise<void> }> {
  const paths = await Promise.all(names.map((name) => executorFolder({ 'config.yml': configYml(name), 'requirements.txt': 'numpy\n' })));
  return { paths, cleanup: async () => void (await Promise.all(paths.map((p) => fs.rm(p, { recursive: true, force: true })))) };
}

/** An anonymous publish of one plain executor to the Hub by a name only the proxy resolves. */
async function throughProxy(m: Matrix, env: (proxy: string) => Record<string, string>): Promise<CaseSetup> {
  const made = await folders(['ProxiedEncoder']);
  const port = new URL(m.hub.url).port;
  return {
    inputs: { path: made.paths[0] as string, registry: `http://${PROXIED_HOST}:${port}`, 'build-env': '', ...ANONYMOUS },
    env: env(m.proxy.url),
    cleanup: made.cleanup,
  };
}

export const CASES: FaultCase[] = [
  {
    name: 'hostile build log: commands and echoed secrets, verbose',
    faults: {},
    hostile: { commands: true, echoSecrets: true },
    inputs: { verbose: 'true' },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1 },
  },
  {
    name: 'hostile build log and failure reason: commands and echoed secrets',
    faults: { nextBuild: { fail: 'pip failed\n::stop-commands::fault-token-1\n##[error]forged\n::endgroup::\n::add-mask::1' } },
    hostile: { commands: true, echoSecrets: true },
    expected: { exitCode: 1, status: 'failed', tries: 1, builds: 1, oneSentence: true, error: /the build of MyEncoder failed: pip failed/ },
  },
  {
    name: 'a flood of 100,000 build log lines, verbose',
    faults: {},
    hostile: { floodLines: 100_000 },
    inputs: { verbose: 'true' },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, maxSeconds: 60, maxRssMiB: 200 },
  },
  {
    name: 'upload 503, 503, then success',
    faults: { uploadSequence: [{ mode: 'status', status: 503, ...now, count: 2 }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 3, builds: 1, oneKey: true, log: [/upload failed \(HTTP 503/] },
  },
  {
    name: 'upload 503, 503, reset, then success',
    faults: {
      uploadSequence: [{ mode: 'status', status: 503, ...now, count: 2 }, { mode: 'reset' }],
    },
    expected: { exitCode: 0, status: 'succeeded', tries: 4, builds: 1, oneKey: true },
  },
  {
    name: 'upload 429 with Retry-After: 1, then success',
    faults: { uploadSequence: [{ mode: 'status', status: 429, retryAfter: '1' }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, oneKey: true, log: [/HTTP 429.*in 1\.0s/] },
  },
  ...[500, 502, 504, 408].map(
    (status): FaultCase => ({
      name: `upload ${status}, then success`,
      faults: { uploadSequence: [{ mode: 'status', status }] },
      expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, oneKey: true, log: [`HTTP ${status}`] },
    }),
  ),
  ...[400, 401, 403].map(
    (status): FaultCase => ({
      name: `upload ${status} (not retried)`,
      faults: { uploadSequence: [{ mode: 'status', status, message: `injected refusal ${status}` }] },
      // The Hub's message is shown, with the session ID.
      expected: { exitCode: 1, tries: 1, builds: 0, oneSentence: true, error: new RegExp(`injected refusal ${status}.*session ${UUID}`) },
    }),
  ),
  {
    name: 'upload stall, then success (stall-timeout 2s)',
    faults: { uploadSequence: [{ mode: 'stall' }] },
    inputs: { 'stall-timeout': '2s' },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, oneKey: true, maxSeconds: 20 },
    timeoutMs: 25 * S,
  },
  {
    name: 'upload stall after 1 KB, then success (stall-timeout 2s)',
    faults: { uploadSequence: [{ mode: 'stall', afterBytes: 1024 }] },
    inputs: { 'stall-timeout': '2s' },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, oneKey: true, maxSeconds: 20 },
    timeoutMs: 25 * S,
  },
  {
    name: 'upload answered after 1.5s (stall-timeout 3s)',
    faults: { uploadSequence: [{ mode: 'slow-answer', delayMs: 1500 }] },
    inputs: { 'stall-timeout': '3s' },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1 },
  },
  {
    name: 'upload answered 200 with an HTML page',
    faults: { uploadSequence: [{ mode: 'html', count: 5 }] },
    expected: { exitCode: 1, builds: 0, oneSentence: true, maxSeconds: 30, error: /not JSON|HTML|html/ },
  },
  {
    name: 'upload 503, then two broken status streams',
    faults: {
      uploadSequence: [{ mode: 'status', status: 503, ...now }],
      statusSequence: [{ mode: 'break', afterLines: 2, count: 2 }],
    },
    inputs: { verbose: 'true' },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, oneKey: true, logLinesOnce: true },
  },
  {
    name: 'three broken status streams, then success',
    faults: { statusSequence: [{ mode: 'break', afterLines: 2, count: 3 }] },
    inputs: { verbose: 'true' },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, logLinesOnce: true },
  },
  ...(['html', 'truncated-json', 'garbage-line', 'empty'] as const).map(
    (mode): FaultCase => ({
      name: `status answered ${mode}, repeated`,
      faults: { statusSequence: [{ mode, count: 20 }] },
      expected: { exitCode: 1, tries: 1, builds: 1, oneSentence: true, namesTask: true, maxSeconds: 30, error: /status requests/ },
    }),
  ),
  {
    name: 'status answered one 5 MB line, repeated',
    faults: { statusSequence: [{ mode: 'huge-line', bytes: 5_000_000, count: 20 }] },
    expected: { exitCode: 1, tries: 1, builds: 1, oneSentence: true, maxSeconds: 30, error: /line longer than/ },
  },
  {
    name: 'status stream stalls, then success (stall-timeout 2s)',
    faults: { statusSequence: [{ mode: 'stall' }] },
    inputs: { 'stall-timeout': '2s', timeout: '20s' },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, maxSeconds: 15 },
    timeoutMs: 25 * S,
  },
  {
    name: 'the build fails',
    faults: { nextBuild: { fail: 'pip could not install numpy==0.0.0' } },
    expected: {
      exitCode: 1,
      status: 'failed',
      tries: 1,
      builds: 1,
      oneSentence: true,
      namesTask: true,
      log: [/the build of MyEncoder failed: pip could not install numpy==0\.0\.0/],
    },
  },
  {
    name: 'the build never ends (timeout 3s)',
    faults: { nextBuild: { neverEnds: true } },
    inputs: { timeout: '3s' },
    expected: { exitCode: 1, status: 'pending', tries: 1, builds: 1, oneSentence: true, namesTask: true, log: [/did not end within 3\.0s/], maxSeconds: 15 },
  },
  {
    name: 'upload (with build-env) redirected 307 to another origin',
    faults: { uploadSequence: [{ mode: 'redirect', status: 307, to: 'other-origin' }] },
    // The form holds build-env values and the executor secret: never sent to another host.
    expected: {
      exitCode: 1,
      tries: 1,
      builds: 0,
      noAuthToMirror: true,
      oneSentence: true,
      maxSeconds: 30,
      error: /the Hub redirected executor\.\w+ to http:\/\/127\.0\.0\.1:\d+, another origin, .*set the registry input to http:\/\/127\.0\.0\.1:\d+ /,
    },
  },
  {
    name: 'upload redirected 302 to another origin',
    faults: { uploadSequence: [{ mode: 'redirect', status: 302, to: 'other-origin' }] },
    expected: { exitCode: null, noAuthToMirror: true, exitMatchesBuilds: true, maxSeconds: 30 },
  },
  {
    name: 'upload (with build-env) redirected 308 to the same origin',
    faults: { uploadSequence: [{ mode: 'redirect', status: 308, to: 'same-origin' }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, noAuthToMirror: true, maxSeconds: 30 },
  },
  {
    name: 'upload processed, then answered 502 (token)',
    faults: { uploadSequence: [{ mode: 'answer-lost', status: 502 }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, log: [/answer to executor\.createAsync was lost \(HTTP 502.*following it instead of uploading again/] },
  },
  {
    name: 'upload processed, then the connection reset (token)',
    faults: { uploadSequence: [{ mode: 'answer-lost', reset: true }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, log: [/following it instead of uploading again/] },
  },
  {
    name: 'upload processed, then answered 504 (no token)',
    faults: { uploadSequence: [{ mode: 'answer-lost', status: 504 }] },
    inputs: { ...ANONYMOUS },
    expected: {
      exitCode: 1,
      tries: 1,
      builds: 1,
      oneSentence: true,
      error: /the answer to executor\.create was lost \(HTTP 504.*it was not sent again.*check on the Hub whether MyEncoder exists/,
    },
  },
  {
    name: 'upload answered pretty-printed, extra fields (no token)',
    faults: { uploadSequence: [{ mode: 'pretty-answer' }] },
    inputs: { ...ANONYMOUS },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, secretOutput: true },
  },
  {
    name: 'upload answered pretty-printed, extra fields (token)',
    faults: { uploadSequence: [{ mode: 'pretty-answer' }] },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1 },
  },
  {
    name: 'upload answered 500 with an error body that never ends (stall-timeout 2s)',
    faults: { uploadSequence: [{ mode: 'endless-error', status: 500 }] },
    inputs: { 'stall-timeout': '2s' },
    expected: { exitCode: 0, status: 'succeeded', tries: 2, builds: 1, maxSeconds: 20, log: [/upload failed \(HTTP 500/] },
    timeoutMs: 30 * S,
  },
  {
    name: 'status stream talks on past timeout (timeout 3s)',
    faults: { nextBuild: { neverEnds: true }, statusSequence: [{ mode: 'endless', delayMs: 50, count: 50 }] },
    inputs: { timeout: '3s' },
    expected: { exitCode: 1, status: 'pending', tries: 1, builds: 1, oneSentence: true, namesTask: true, maxSeconds: 12, log: [/did not end within 3\.0s/] },
    timeoutMs: 30 * S,
  },
  {
    name: 'build answer goes on past timeout (no token, timeout 3s)',
    faults: { nextBuild: { neverEnds: true } },
    inputs: { ...ANONYMOUS, timeout: '3s' },
    expected: {
      exitCode: 1,
      status: 'pending',
      tries: 1,
      builds: 1,
      oneSentence: true,
      maxSeconds: 12,
      error: /the build did not end within 3s: it goes on at the Hub; the Hub gives a new executor's secret only at the end/,
    },
    timeoutMs: 30 * S,
  },
  {
    name: 'two executors published without a token',
    faults: {},
    setup: async () => {
      const made = await folders(['FirstEncoder', 'SecondEncoder']);
      return { inputs: { path: made.paths.join('\n'), 'build-env': '', ...ANONYMOUS }, cleanup: made.cleanup };
    },
    expected: {
      exitCode: 0,
      several: true,
      tries: 2,
      builds: 2,
      secretsInEntries: 2,
      log: [/\[[^\]]*\] the Hub returned the executor secret: it is in its entry of the executors output/],
      logNot: [/in the secret output/],
    },
  },
  {
    name: 'through an http proxy (http_proxy)',
    faults: {},
    setup: (m) => throughProxy(m, (proxy) => ({ http_proxy: proxy })),
    expected: {
      exitCode: 0,
      status: 'succeeded',
      tries: 1,
      builds: 1,
      proxied: 1,
      secretOutput: true,
      log: [/requests to http:\/\/hub\.test:\d+ go through the proxy http:\/\/127\.0\.0\.1:\d+/],
    },
  },
  {
    name: 'through an https proxy tunnel to an https Hub (https_proxy), with a token',
    faults: {},
    setup: async (m) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-tls-'));
      const cert = await selfSignedCert(dir);
      const front = await startTlsFront(Number(new URL(m.hub.url).port), cert);
      return {
        inputs: { registry: `https://${PROXIED_HOST}:${front.port}` },
        // The runner's node trusts the test certificate as a corporate proxy's CA would be trusted.
        env: { https_proxy: m.proxy.url, NODE_EXTRA_CA_CERTS: cert.certFile },
        cleanup: async () => {
          await front.close();
          await fs.rm(dir, { recursive: true, force: true });
        },
      };
    },
    expected: { exitCode: 0, status: 'succeeded', tries: 1, builds: 1, proxiedAtLeast: 1, log: [/go through the proxy http:\/\/127\.0\.0\.1:\d+/] },
  },
  {
    name: 'through an http proxy (HTTP_PROXY), the Hub in NO_PROXY',
    faults: {},
    setup: (m) => throughProxy(m, (proxy) => ({ HTTP_PROXY: proxy, NO_PROXY: `other.example,${PROXIED_HOST}` })),
    // Straight to a name only the proxy knows: not found, on every try.
    expected: { exitCode: 1, tries: 0, builds: 0, proxied: 0, oneSentence: true, maxSeconds: 40, error: /could not reach the Hub \(host name not found/ },
    timeoutMs: 50 * S,
  },
  {
    name: 'workflow cancelled (SIGINT) while the build runs',
    faults: { nextBuild: { neverEnds: true } },
    cancelWhen: { signal: 'SIGINT', when: /build task \S+ \(session/ },
    expected: {
      exitCode: 1,
      status: 'pending',
      tries: 1,
      builds: 1,
      oneSentence: true,
      namesTask: true,
      taskIdOutput: true,
      log: [/cancelled by SIGINT while waiting for the build: it goes on at the Hub; look it up with task-id: /],
      endsAfterSignalWithin: 3,
    },
  },
  {
    name: 'workflow cancelled (SIGTERM) during a stalled upload',
    faults: { uploadSequence: [{ mode: 'stall', afterBytes: 0 }] },
    cancelWhen: { signal: 'SIGTERM', when: /::group::Upload \(/ },
    expected: {
      exitCode: 1,
      builds: 0,
      oneSentence: true,
      log: [/cancelled by SIGTERM during the upload: the Hub may or may not have taken it/],
      endsAfterSignalWithin: 3,
    },
  },
];

/** The entries of the `executors` output. */
function entriesOf(r: StepResult): Array<{ name?: string; secret?: string }> {
  try {
    const value: unknown = JSON.parse(r.outputs.executors ?? '[]');
    return Array.isArray(value) ? (value as Array<{ name?: string; secret?: string }>) : [];
  } catch {
    return [];
  }
}

/**
 * Secret values a person could see, read through the runner model: in the log (before the runner's own
 * masking, in any form it masks), the annotations, the outputs but `secret`, the summary; and each
 * secret whose mask the runner never registered counts too. An executor's secret in the `secret` field
 * of its entry of `executors` is handed over, not seen.
 */
export function secretsSeen(r: StepResult, secrets: readonly string[] = SECRETS, given: readonly string[] = SECRETS): number {
  const visible = r.visible; // without the secrets handed over in `secret` and the entries of `executors`
  // A secret the step was handed (an input, or one the Hub gave it) must have been masked; one it never saw need not be.
  const handed = new Set<string | undefined>([...given, r.outputs.secret, ...entriesOf(r).map((entry) => entry.secret)]);
  const unmasked = (secret: string) => (handed.has(secret) && !r.runner.masks.includes(secret) ? 1 : 0);
  return secrets.reduce((sum, secret) => {
    return sum + timesShown(visible, secret) + unmasked(secret);
  }, 0);
}

/** The log as the runner shows it. */
function logOf(r: StepResult): string {
  return r.log;
}

const STACK_FRAME = /^\s+at \S.*(:\d+:\d+\)?|native|<anonymous>)/m;

function matches(log: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? log.includes(want) : want.test(log);
}

/** The checks every case gets, plus those it asks for. */
function check(c: FaultCase, r: StepResult, hub: HubStateSnapshot, proxied: number, seconds: number, problems: string[]): void {
  const e = c.expected;
  const log = logOf(r);
  const { counts, tasks } = hub;
  const status = r.outputs.status;
  if (r.signal !== null) problems.push(`the step was killed (${r.signal}) after ${seconds.toFixed(1)}s`);
  if (e.exitCode !== null && r.code !== e.exitCode) problems.push(`exit code ${String(r.code)}, expected ${e.exitCode}`);
  if (e.several) {
    const statuses = entriesOf(r).map((entry) => (entry as { status?: string }).status);
    if ((r.code === 0) !== (statuses.length > 0 && statuses.every((x) => x === 'succeeded'))) {
      problems.push(`exit code ${String(r.code)} with executors statuses ${statuses.join(', ')}`);
    }
  } else if ((r.code === 0) !== (status === 'succeeded')) problems.push(`exit code ${String(r.code)} with status output ${String(status)}`);
  if (e.status !== undefined && status !== e.status) problems.push(`status output ${String(status)}, expected ${e.status}`);
  if (e.tries !== undefined && counts.uploadTries !== e.tries) problems.push(`${counts.uploadTries} upload tries, expected ${e.tries}`);
  if (e.builds !== undefined && counts.tasksCreated !== e.builds) problems.push(`${counts.tasksCreated} builds, expected ${e.builds}`);
  if (r.code === 0 && counts.tasksCreated !== (e.builds ?? 1)) problems.push(`exit 0 with ${counts.tasksCreated} builds on the Hub`);
  if (e.exitMatchesBuilds && r.code !== 0 && counts.tasksCreated !== 0) {
    problems.push(`exit code ${String(r.code)} with ${counts.tasksCreated} builds on the Hub`);
  }
  for (const want of e.log ?? []) if (!matches(log, want)) problems.push(`the log does not say ${String(want)}`);
  for (const unwanted of e.logNot ?? []) if (unwanted.test(log)) problems.push(`the log says ${String(unwanted)}`);
  if (e.secretOutput) {
    const made = hub.executors.find((x) => x.owner === null && x.secret === r.outputs.secret);
    if (!made) problems.push(`the secret output is not the secret of an executor the Hub created (${r.outputs.secret === undefined ? 'not set' : 'another value'})`);
  }
  if (e.secretsInEntries !== undefined) {
    const held = entriesOf(r).filter((entry) => hub.executors.some((x) => x.name === entry.name && x.secret === entry.secret)).length;
    if (held !== e.secretsInEntries) problems.push(`${held} entries of the executors output hold their executor's secret, expected ${e.secretsInEntries}`);
  }
  if (e.proxied !== undefined && proxied !== e.proxied) problems.push(`${proxied} requests went through the proxy, expected ${e.proxied}`);
  if (e.proxiedAtLeast !== undefined && proxied < e.proxiedAtLeast) problems.push(`${proxied} requests went through the proxy, expected at least ${e.proxiedAtLeast}`);
  if (e.maxRssMiB !== undefined && r.peakRssMiB !== undefined && r.peakRssMiB > e.maxRssMiB) {
    problems.push(`peak memory ${r.peakRssMiB} MiB, more than ${e.maxRssMiB} MiB`);
  }
  // Whatever the Hub sent, the runner ran only the step's own commands.
  const own = new Set(['add-mask', 'group', 'endgroup', 'error', 'warning', 'notice', 'debug']);
  const foreign = r.runner.commands.filter((cmd) => !own.has(cmd.name));
  if (foreign.length > 0) problems.push(`the runner ran ${foreign.map((cmd) => cmd.name).join(', ')}`);
  if (r.runner.stoppedUntil !== undefined) problems.push('workflow commands were left stopped');
  if (r.runner.failures.length > 0) problems.push(`commands failed on the runner: ${r.runner.failures.join('; ')}`);
  const open = r.runner.groups.filter((g) => !g.closed);
  if (open.length > 0) problems.push(`log groups left open: ${open.map((g) => g.title).join(', ')}`);
  const forged = r.runner.annotations.filter((a) => a.message.startsWith('forged'));
  if (forged.length > 0) problems.push(`forged annotations: ${forged.map((a) => a.message).join('; ')}`);
  if (e.error && !r.runner.annotations.some((a) => a.kind === 'error' && e.error?.test(a.message))) {
    problems.push(`no error annotation says ${String(e.error)}`);
  }
  if (e.oneKey) {
    const keys = new Set(counts.uploadKeys);
    if (keys.size !== 1 || keys.has(null)) problems.push(`the tries carried ${keys.size} Idempotency-Keys (${[...keys].join(', ')})`);
  }
  if (e.oneSentence || r.code !== 0) {
    const errors = r.runner.annotations.filter((a) => a.kind === 'error').map((a) => a.message);
    if (r.code !== 0 && errors.length !== 1) problems.push(`${errors.length} error annotations, expected one sentence`);
    const folded = r.runner.annotations.find((a) => a.kind === 'error' && a.inGroup !== undefined);
    if (folded) problems.push(`the error is inside the log group ${folded.inGroup}`);
    const anonymous = errors.filter((l) => !new RegExp(`session ${UUID}`).test(l));
    if (anonymous.length > 0) problems.push(`an error without the session ID: ${anonymous[0]}`);
    const frame = STACK_FRAME.exec(log);
    if (frame) problems.push(`a stack trace in the log: ${frame[0].trim()}`);
  }
  if (e.namesTask) {
    const taskId = tasks[0]?._id;
    if (taskId === undefined || !log.includes(taskId)) problems.push(`the log does not name the task ID ${String(taskId)}`);
  }
  if (e.logLinesOnce) {
    const lines = log.split('\n');
    for (const event of tasks[0]?.log ?? []) {
      const text = String(event.data.payload);
      const n = lines.filter((l) => l === text).length;
      if (n !== 1) problems.push(`build log line shown ${n} times: ${text}`);
    }
  }
  if (e.noAuthToMirror && counts.mirrorAuthorized > 0) {
    problems.push(`${counts.mirrorAuthorized} requests carried the Authorization header to the other origin`);
  }
  if (e.maxSeconds !== undefined && seconds > e.maxSeconds) problems.push(`took ${seconds.toFixed(1)}s, more than ${e.maxSeconds}s`);
  if (c.cancelWhen && r.endedAfterSignalMs === undefined) problems.push(`the log never matched ${String(c.cancelWhen.when)}: no ${c.cancelWhen.signal} was sent`);
  if (e.endsAfterSignalWithin !== undefined && r.endedAfterSignalMs !== undefined && r.endedAfterSignalMs > e.endsAfterSignalWithin * S) {
    problems.push(`ended ${(r.endedAfterSignalMs / S).toFixed(1)}s after ${c.cancelWhen?.signal}, more than ${e.endsAfterSignalWithin}s`);
  }
  if (e.taskIdOutput) {
    const taskId = tasks[0]?._id;
    if (!taskId || r.outputs['task-id'] !== taskId) problems.push(`task-id output ${String(r.outputs['task-id'])}, expected ${String(taskId)}`);
  }
  if (r.leftInTemp.length > 0) problems.push(`left in RUNNER_TEMP: ${r.leftInTemp.join(', ')}`);
}

/** Runs one case on a Hub (reset first), and says how it went against its expectation. */
export async function runCase(m: Matrix, c: FaultCase): Promise<CaseResult> {
  const { hub, proxy } = m;
  hub.reset();
  proxy.seen.length = 0;
  hub.setFaults(c.faults);
  const made = (await c.setup?.(m)) ?? {};
  setHostileMode(c.hostile);
  const inputs: Record<string, string> = {
    path: FOLDER,
    token: TOKEN,
    'build-env': `PRIVATE_TOKEN=${BUILD_SECRET}`,
    secret: EXECUTOR_SECRET,
    registry: hub.url,
    timeout: '30s',
    ...c.inputs,
    ...made.inputs,
  };
  const problems: string[] = [];
  const missing = Object.keys(inputs).filter((name) => !(name in ACTION.inputs));
  const started = Date.now();
  let r: StepResult | undefined;
  if (missing.length > 0) {
    problems.push(`action.yml declares no input ${missing.join(', ')}: not landed yet`);
  } else {
    // Debug logging on, as ACTIONS_STEP_DEBUG does: debug lines must be scrubbed like every other line.
    r = await runStep(inputs, {
      timeoutMs: c.timeoutMs ?? 60 * S,
      env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1', ...made.env },
      ...(c.cancelWhen ? { cancelWhen: c.cancelWhen } : {}),
    });
  }
  const seconds = (Date.now() - started) / 1000;
  const snapshot = hub.state();
  const { counts } = snapshot;
  const proxied = proxy.seen.length;
  hub.reset(); // ends anything the case left stalled
  await made.cleanup?.();
  setHostileMode(undefined);
  if (!r) {
    return { name: c.name, outcome: 'not run', exitCode: null, status: undefined, tries: 0, builds: 0, seconds, secretsSeen: 0, problems, log: '' };
  }
  // The secrets the Hub made count as well: a person may see none of them either.
  const given = SECRETS.filter((secret) => Object.values(inputs).some((value) => value.includes(secret)));
  const seen = secretsSeen(r, [...SECRETS, ...snapshot.executors.map((x) => x.secret)], given);
  if (seen > 0) problems.push(`${seen} secret values seen in the step's output`);
  check(c, r, snapshot, proxied, seconds, problems);
  const exit = r.signal !== null ? `killed (${r.signal})` : `exit ${String(r.code)}`;
  return {
    name: c.name,
    outcome: r.outputs.status === undefined ? exit : `${exit}, ${r.outputs.status}`,
    exitCode: r.code,
    status: r.outputs.status,
    tries: counts.uploadTries,
    builds: counts.tasksCreated,
    seconds,
    secretsSeen: seen,
    peakRssMiB: r.peakRssMiB,
    problems,
    log: logOf(r),
  };
}

/** The Markdown table of `npm run faults`: fault | outcome | tries | builds created | seconds | secrets seen. */
export function table(results: CaseResult[]): string {
  const cell = (v: string | number): string => String(v).replace(/\|/g, '\\|');
  const rows = ['| fault | outcome | tries | builds created | seconds | secrets seen | peak RSS (MiB) |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of results) {
    rows.push(`| ${[r.name, r.outcome, r.tries, r.builds, r.seconds.toFixed(1), r.secretsSeen, r.peakRssMiB ?? '?'].map(cell).join(' | ')} |`);
  }
  return rows.join('\n');
}
