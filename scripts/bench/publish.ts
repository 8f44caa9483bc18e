// A full publish through the bundled action against a plain `curl -F file=@package.zip` of the same
// zip to the same local Hub, and the action's time from spawn to its first request.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalHub } from '../../local-hub/server.js';
import { DIST, EXAMPLE, runStep, runnerInputs } from '../../tools/runner.js';
import { EXECUTOR_NAME } from './data.js';
import { median, shellQuote } from './measure.js';
import type { PackOutput } from './packers.js';

export const TOKEN = 'demo-token';

export interface ActionPublish {
  command: string;
  wallS: number;
  /** The upload phase as the action reports it; null when it does not. */
  uploadS: number | null;
  uploadFrom: 'log line' | 'summary' | 'n/a';
  md5: string;
  status: string;
}

export interface CurlPublish {
  command: string;
  /** curl's own %{time_total}. */
  timeTotalS: number;
  wallS: number;
  taskId: string;
  buildStatus: string;
}

/** Publishes `folder` with the bundled action (runStep, a separate node process), waiting for the build. */
export async function publishWithAction(hub: LocalHub, folder: string): Promise<ActionPublish> {
  const inputs = { path: folder, token: TOKEN, registry: hub.url };
  const start = performance.now();
  const step = await runStep(inputs, { timeoutMs: 20 * 60_000 });
  const wallS = (performance.now() - start) / 1000;
  const log = `${step.stdout}\n${step.stderr}`;
  if (step.code !== 0) throw new Error(`the action's publish of ${folder} exited with ${step.code}:\n${log.slice(-3000)}`);
  let uploadS: number | null = null;
  let uploadFrom: ActionPublish['uploadFrom'] = 'n/a';
  const line = /upload done in ([\d.]+) ?s\b/i.exec(log);
  const row = /Time: upload<\/t[dh]>\s*<t[dh]>([\d.]+) ?s/.exec(step.summary);
  if (line?.[1]) {
    uploadS = Number(line[1]);
    uploadFrom = 'log line';
  } else if (row?.[1]) {
    uploadS = Number(row[1]);
    uploadFrom = 'summary';
  }
  const command = `node ${path.relative(process.cwd(), DIST)} with ${Object.entries(inputs)
    .map(([k, v]) => `INPUT_${k.toUpperCase()}=${k === 'token' ? '***' : v}`)
    .join(' ')}`;
  return { command, wallS, uploadS, uploadFrom, md5: step.outputs.md5 ?? '', status: step.outputs.status ?? '' };
}

/** Uploads the zip with curl and the action's form fields (uploadFor in src/main.ts), then waits for the build. */
export async function publishWithCurl(hub: LocalHub, zip: PackOutput & { file: string }, tmp: string): Promise<CurlPublish> {
  const answerFile = path.join(tmp, 'curl-answer.json');
  const argv = [
    'curl', '-sS', '-o', answerFile, '-w', '%{http_code} %{time_total}',
    '-H', `authorization: token ${TOKEN}`,
    '-H', 'Expect:',
    '-F', 'public=True', '-F', 'private=False', '-F', `md5sum=${zip.md5}`, '-F', `id=${EXECUTOR_NAME}`,
    '-F', `file=@${zip.file};filename=${EXECUTOR_NAME}.zip;type=application/zip`,
    `${hub.url}/v2/rpc/executor.createAsync`,
  ];
  const start = performance.now();
  const { code, stdout, stderr } = await run(argv);
  const wallS = (performance.now() - start) / 1000;
  const [httpStatus, total] = stdout.trim().split(' ');
  const answer = await fs.readFile(answerFile, 'utf8').catch(() => '');
  await fs.rm(answerFile, { force: true });
  let taskId = '';
  try {
    const parsed = JSON.parse(answer.trim().split('\n')[0] ?? '') as { code?: number; data?: { _id?: string } };
    taskId = parsed.data?._id ?? '';
  } catch {
    // checked below
  }
  if (code !== 0 || httpStatus !== '200' || !taskId) {
    throw new Error(`curl's upload failed (exit ${code}, HTTP ${httpStatus}): ${answer.slice(0, 500)} ${stderr.slice(0, 500)}`);
  }
  const buildStatus = await waitForTask(hub, taskId);
  if (buildStatus !== 'succeeded') throw new Error(`the Hub's build of curl's upload ended ${buildStatus}`);
  const shown = shellQuote(argv.map((a) => (a.startsWith('authorization:') ? 'authorization: token ***' : a)));
  return { command: shown, timeTotalS: Number(total), wallS, taskId, buildStatus };
}

async function waitForTask(hub: LocalHub, taskId: string, timeoutMs = 120_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const task = hub.state().tasks.find((t) => t._id === taskId);
    if (task && (task.status === 'succeeded' || task.status === 'failed')) return task.status;
    if (Date.now() > end) return task?.status ?? 'unknown';
    await new Promise((r) => setTimeout(r, 50));
  }
}

function run(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface StartLatency {
  command: string;
  samplesS: number[];
  medianS: number;
}

/**
 * Spawns the bundled action on examples/MyEncoder (wait: false) and takes the time from just before
 * spawn() to the first request the Hub recorded (RecordedRequest.at, a Date.now() stamp). Median of `runs`.
 */
export async function startToFirstRequest(hub: LocalHub, runs = 5): Promise<StartLatency> {
  const inputs = { path: EXAMPLE, token: TOKEN, registry: hub.url, 'build-env': 'PRIVATE_TOKEN=bench', wait: 'false' };
  const samplesS: number[] = [];
  for (let i = 0; i < runs; i++) {
    hub.clearRequests();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-start-'));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      ...runnerInputs(inputs),
    };
    await fs.writeFile(env.GITHUB_OUTPUT as string, '');
    await fs.writeFile(env.GITHUB_STEP_SUMMARY as string, '');
    const t0 = Date.now();
    const child = spawn(process.execPath, [DIST], { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await fs.rm(dir, { recursive: true, force: true });
    const first = hub.requests()[0];
    if (code !== 0 || !first) throw new Error(`the action on ${EXAMPLE} exited with ${code} (${hub.requests().length} requests)`);
    samplesS.push((first.at - t0) / 1000);
  }
  const command = `node ${path.relative(process.cwd(), DIST)} with INPUT_PATH=examples/MyEncoder INPUT_WAIT=false INPUT_BUILD-ENV=PRIVATE_TOKEN=bench`;
  return { command, samplesS, medianS: median(samplesS) };
}
