// The flow: inputs -> folders (many.ts) -> for each: check -> package -> re-run check -> push -> wait
// -> GPU variant -> outputs. Status mode waits on one build and uploads nothing.
import { performance } from 'node:perf_hooks';
import * as core from '@actions/core';
import { checkDockerfile, missingEnv, readExecutorFolder, type ExecutorFolder } from './executor.js';
import { HubClient, pyBool, type Executor, type LogEvent, type PublishedVersion, type RetryNotice, type Upload } from './hub/client.js';
import { HubError, ProtocolError, StallError } from './hub/errors.js';
import { HubHttp, describeNetworkError, isNetworkError } from './hub/http.js';
import { waitForBuild, type BuildOutcome } from './hub/progress.js';
import { GPU_DOCKERFILE, InputError, inputSecrets, notSecretNotice, parseInputs, type ActionRequest, type PushRequest, type StatusRequest } from './inputs.js';
import * as log from './log.js';
import { likelyCredentials } from './package/credentials.js';
import { packFolder, type ExecutorPackage } from './package/index.js';
import { packingLine, phaseLine, rate, Ticker, uploadingLine } from './progress.js';
import { Cancellation, Cancelled } from './cancel.js';
import { publishAll, SomeFailed } from './many.js';
import { Outputs, formatBytes, formatSeconds, newFacts, usageUri, writeSummaries, writeSummary, type SummaryFacts } from './report.js';

/** How many build log lines a failed build shows without `verbose`. */
const FAILED_BUILD_TAIL = 25;

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const read = (name: string) => core.getInput(name);
  // Mask first: nothing is printed before every secret we were handed is known.
  const { secrets, notSecretKeys } = inputSecrets(read, env);
  for (const secret of secrets) log.addSecret(secret.value, secret.label === 'the executor secret' ? 'executor-secret' : 'credential', secret.label);
  const notice = notSecretNotice(notSecretKeys);
  if (notice) log.info(notice);

  const outputs = new Outputs();
  const facts = newFacts();
  const cancellation = new Cancellation();
  let http: HubHttp | undefined;
  const cleanup: Array<() => Promise<void>> = [];
  /** One per executor when `path` names several; else the step's own facts. */
  const summaries: SummaryFacts[] = [];
  try {
    const request = parseInputs(read, env);
    facts.mode = request.job.kind;
    http = new HubHttp(request.registry, request.token, { stallTimeoutMs: request.stallTimeoutMs });
    const client = new HubClient(http);
    const ctx: RunContext = { request, client, outputs, facts, cleanup, signal: cancellation.signal };
    await cancellation.race(request.job.kind === 'push' ? publishAll(ctx, request.job, env, summaries, push, (f, err) => recordFailure(f, err, http?.sessionId)) : status(ctx, request.job));
  } catch (err) {
    if (cancellation.cancelled) {
      if (facts.taskId) outputs.set('status', 'pending');
      facts.outcome = facts.taskId ? 'pending' : 'failed';
      facts.reason = cancelledMessage(err instanceof Cancelled ? err : new Cancelled('SIGTERM'), facts, http?.sessionId);
    } else {
      recordFailure(facts, err, http?.sessionId);
    }
    log.fail(facts.reason ?? '');
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
    await (cancellation.cancelled ? http?.destroy() : http?.close());
    await (summaries.length > 1 ? writeSummaries(summaries) : writeSummary(facts)).catch((err) =>
      log.warning(`could not write the job summary: ${messageOf(err)}`),
    );
    cancellation.dispose();
  }
  // Work that did not heed the abort (a read, a timer) must not keep a cancelled step alive.
  if (cancellation.cancelled) process.exit(1);
}

/** What a failed push tells the summary, the outputs and the log: refused, failed or still pending, and why. */
function recordFailure(facts: SummaryFacts, err: unknown, sessionId?: string): void {
  facts.outcome = err instanceof InputError ? 'refused' : facts.outcome === 'pending' ? 'pending' : 'failed';
  facts.reason = messageOf(err, sessionId);
}

/** What a cancelled step says: what became of the push, and how to look the build up. */
function cancelledMessage(cancelled: Cancelled, facts: SummaryFacts, sessionId?: string): string {
  const session = sessionId ? ` (session ${sessionId})` : '';
  if (facts.taskId) {
    return (
      `${cancelled.message} while waiting for the build: it goes on at the Hub; look it up with task-id: ${facts.taskId} ` +
      `(this action with only task-id set, or jina hub status --id ${facts.taskId})${session}`
    );
  }
  if (facts.stage === 'upload') {
    return `${cancelled.message} during the upload: the Hub may or may not have taken it; look for its newest build with status-only: true${session}`;
  }
  return `${cancelled.message} before anything was uploaded: nothing was published${session}`;
}

export interface RunContext {
  request: ActionRequest;
  client: HubClient;
  outputs: Outputs;
  facts: SummaryFacts;
  /** Run at the end, whatever happened (e.g. removing the package). */
  cleanup: Array<() => Promise<void>>;
  /** Aborted when the workflow is cancelled. */
  signal: AbortSignal;
}

async function push(ctx: RunContext, job: PushRequest): Promise<void> {
  const { outputs, facts } = ctx;
  const folder = await checkFolder(job);
  facts.name = folder.name;
  facts.visibility = job.visibility;
  facts.buildEnvNames = Object.keys(job.buildEnv);

  const pkg = await pack(ctx, job, folder.name);
  const gpuDockerfile = gpuDockerfileOf(job, pkg.names);
  if (job.dryRun) {
    outputs.set('package-path', pkg.file);
    outputs.set('status', 'dry-run');
    facts.outcome = 'dry-run';
    log.info(
      `dry run: ${folder.name} passed every check${gpuDockerfile ? ` (and has a GPU variant from ${gpuDockerfile})` : ''}; ` +
        `the package is ${pkg.file} (md5 ${pkg.md5}); nothing was uploaded`,
    );
    return;
  }

  const existing = await alreadyPublished(ctx, job, folder.name, pkg.md5);
  if (existing) {
    skipped(ctx, existing, job, folder.name, pkg.md5);
  } else {
    await pushOnce(ctx, job, folder.name, pkg);
  }
  if (gpuDockerfile) await pushGpu(ctx, job, folder.name, pkg, gpuDockerfile);
}

/** The Dockerfile of the GPU variant, if there is one to build. */
function gpuDockerfileOf(job: PushRequest, names: string[]): string | undefined {
  if (job.gpuDockerfile === 'none') return undefined;
  if (job.gpuDockerfile === 'auto') return names.includes(GPU_DOCKERFILE) && job.dockerfile !== GPU_DOCKERFILE ? GPU_DOCKERFILE : undefined;
  if (!names.includes(job.gpuDockerfile)) {
    throw new InputError(`gpu-dockerfile "${job.gpuDockerfile}" is not in the package of ${job.folder}: add it, un-ignore it, or set gpu-dockerfile: none.`);
  }
  return job.gpuDockerfile;
}

/** Every tag with `-gpu` after it: `latest` becomes `latest-gpu`. */
export function gpuTags(tags: string[]): string[] {
  return tags.map((t) => `${t}-gpu`);
}

/**
 * Safe re-runs (with a token): a protected tag is pushed once. When the requested protected tags already hold this
 * very package (same md5), the version they hold is the result and nothing is uploaded; when one
 * holds another package, the push fails before uploading, naming it. A Hub that cannot be asked is
 * left to refuse a protected tag itself.
 */
async function alreadyPublished(ctx: RunContext, job: PushRequest, name: string, md5: string): Promise<PublishedVersion | undefined> {
  if (ctx.request.token === undefined || job.protectedTags.length === 0) return undefined;
  let same: PublishedVersion | undefined;
  for (const tag of job.protectedTags) {
    let version: PublishedVersion | undefined;
    try {
      version = await ctx.client.getPackage(job.forceUpdate ?? name, tag);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      log.info(`could not look up ${name}:${tag} before uploading (${messageOf(err)}); pushing, and the Hub refuses a protected tag that exists`);
      return undefined;
    }
    if (!version) return undefined;
    if (version.md5 !== md5) {
      throw new InputError(
        `the protected tag ${tag} of ${name} already holds another package (md5 ${version.md5}, this one ${md5}): a protected tag is pushed once; push a new version tag.`,
      );
    }
    same ??= version;
  }
  return same;
}

function skipped(ctx: RunContext, existing: PublishedVersion, job: PushRequest, name: string, md5: string): void {
  const executor = withFallbacks(existing.executor, job, name);
  ctx.outputs.setExecutor(executor);
  ctx.outputs.set('status', 'skipped');
  ctx.facts.outcome = 'skipped';
  ctx.facts.executor = executor;
  const tags = job.protectedTags;
  log.info(`${name}:${tags.join(', ')} already ${tags.length > 1 ? 'hold' : 'holds'} this package (md5 ${md5}): nothing uploaded (status: skipped)`);
}

/** The GPU variant: the same package built from its Dockerfile, every tag with `-gpu` after it. */
async function pushGpu(ctx: RunContext, job: PushRequest, name: string, pkg: ExecutorPackage, dockerfile: string): Promise<void> {
  const main = ctx.outputs.values;
  const gpuJob: PushRequest = {
    ...job,
    dockerfile,
    tags: gpuTags(tagsOrLatest(job)),
    protectedTags: gpuTags(job.protectedTags),
    // An anonymous first publish made the executor: its variant updates it with the secret it was given.
    ...(ctx.request.token === undefined && job.forceUpdate === undefined ? { forceUpdate: main.id, secret: main.secret } : {}),
  };
  log.info(`GPU variant of ${name} from ${dockerfile}, tagged ${gpuJob.tags.join(', ')}`);
  const gpu: RunContext = { ...ctx, outputs: new Outputs(false), facts: { ...ctx.facts, phases: [] } };
  try {
    const existing = await alreadyPublished(gpu, gpuJob, name, pkg.md5);
    if (existing) skipped(gpu, existing, gpuJob, name, pkg.md5);
    else await pushOnce(gpu, gpuJob, name, pkg);
  } finally {
    ctx.outputs.set('gpu-task-id', gpu.outputs.values['task-id']);
    ctx.outputs.set('gpu-status', gpu.outputs.values.status);
    for (const [phase, ms] of gpu.facts.phases) ctx.facts.phases.push([`GPU ${phase}`, ms]);
  }
}

/** One upload of the package, and its build followed as the inputs say. */
async function pushOnce(ctx: RunContext, job: PushRequest, name: string, pkg: ExecutorPackage): Promise<void> {
  const { outputs, facts } = ctx;
  const upload = uploadFor(job, name, pkg, ctx.request.token !== undefined);
  outputs.set('visibility', job.visibility);
  if (upload.method === 'executor.createAsync') outputs.set('name', name);
  if (upload.method === 'executor.create' || upload.method === 'executor.update') {
    const executor = await uploadAndBuild(ctx, upload, job.verbose);
    published(ctx, withFallbacks(executor, job, name));
    return;
  }

  const taskId = await uploadForBuild(ctx, upload);
  if (!job.wait) {
    outputs.set('status', 'pending');
    facts.outcome = 'pending';
    log.info(`not waiting for the build (wait: false): follow it with task-id: ${taskId}`);
    return;
  }
  await follow(ctx, taskId, {
    verbose: job.verbose,
    replayFirst: true,
    timeoutMs: job.timeoutMs,
    showLog: job.verbose,
    complete: (executor) => withFallbacks(executor, job, upload.method === 'executor.createAsync' ? name : undefined),
  });
}

/** Packs the folder into a zip on disk, removed at the end of the run. */
async function pack(ctx: RunContext, job: PushRequest, name: string): Promise<ExecutorPackage> {
  const { facts, outputs } = ctx;
  const pkg = await timed(
    facts,
    'package',
    () =>
      log.group(`Package ${name} from ${job.folder}`, async () => {
        const ticker = new Ticker();
        const made = await packFolder(job.folder, name, { signal: ctx.signal, onProgress: (p) => ticker.due() && log.info(packingLine(p)) });
        if (!job.dryRun) ctx.cleanup.push(made.remove); // a dry run leaves it for the next steps (package-path)
        log.info(`${made.entries} files (${made.usedGitignore ? 'rules from .gitignore' : 'default ignore list: no .gitignore'})`);
        return made;
      }),
    (made) => `${made.entries} files, ${formatBytes(made.contentBytes)} into ${formatBytes(made.size)}, ${made.stored} stored as they are; md5 ${made.md5}`,
  );
  for (const link of pkg.skippedLinks) log.warning(`left out ${link.name}: ${link.reason}.`, { title: 'Link skipped' });
  const credentials = likelyCredentials(pkg.names);
  if (credentials.length) {
    const shown = credentials.slice(0, 10).join(', ') + (credentials.length > 10 ? ` and ${credentials.length - 10} more` : '');
    log.warning(
      `the package contains ${credentials.length > 1 ? 'files that look' : 'a file that looks'} like credentials: ${shown}. ` +
        'Whoever can pull the executor can read them: add them to the .gitignore of the folder unless they are meant to be published.',
      { title: 'Likely credentials in the package' },
    );
  }
  if (job.dockerfile && !pkg.names.includes(job.dockerfile)) {
    throw new InputError(`dockerfile "${job.dockerfile}" is left out of the package by .gitignore: un-ignore it or give another dockerfile.`);
  }
  facts.packageSize = pkg.size;
  facts.md5 = pkg.md5;
  facts.files = pkg.entries;
  outputs.set('md5', pkg.md5);
  return pkg;
}

function logRetry(n: RetryNotice): void {
  log.info(`upload failed (${n.reason}); try ${n.attempt} of ${n.of} in ${formatSeconds(n.waitMs)}`);
}

/** Without a token the Hub builds while it answers: upload and build are one phase. */
async function uploadAndBuild(ctx: RunContext, upload: Upload, verbose: boolean): Promise<Executor> {
  const tail = new LogTail(verbose);
  let accepted = false;
  return timed(ctx.facts, 'upload and build', () =>
    log.group(`Upload and build (${upload.method}, ${formatBytes(upload.file.size)})`, () =>
      ctx.client.pushSync(watched(ctx, upload), logRetry, {
        onAccepted: () => (accepted = true),
        onLog: (e) => tail.add(e),
        onWarning: (m) => log.warning(`Hub: ${m}`),
      }),
    ).catch((err) => {
      if (accepted) ctx.outputs.set('status', 'failed');
      tail.showOnFailure();
      throw err;
    }),
  );
}

/** With a token: uploads, and sets the task ID (and what else the Hub answered) as soon as it is known. */
async function uploadForBuild(ctx: RunContext, upload: Upload): Promise<string> {
  const { client, outputs, facts } = ctx;
  const { taskId, executor } = await timed(
    facts,
    'upload',
    () =>
      log.group(`Upload (${upload.method}, ${formatBytes(upload.file.size)})`, async () => {
        const answer = await client.pushAsync(watched(ctx, upload), logRetry);
        log.info(`build task ${answer.taskId} (session ${client.sessionId})`);
        return answer;
      }),
    uploadDetail(upload),
  );
  outputs.set('task-id', taskId);
  facts.taskId = taskId;
  if (executor) {
    outputs.set('name', executor.name);
    outputs.set('id', executor.id);
    facts.id = executor.id;
  }
  return taskId;
}

/** The contract's rules on the folder, checked before anything is packed or sent. */
async function checkFolder(job: PushRequest): Promise<ExecutorFolder> {
  const folder = await readExecutorFolder(job.folder);
  const missing = missingEnv(folder.requiredEnv, job.buildEnv);
  if (missing.length > 0) {
    const list = missing.map((k) => `\${${k}}`).join(', ');
    throw new InputError(
      `requirements.txt uses ${list} but build-env does not set ${missing.length > 1 ? 'them' : 'it'}: add ${missing.map((k) => `${k}=...`).join(', ')} to build-env.`,
    );
  }
  for (const bare of folder.bareEnv) {
    log.warning(`requirements.txt uses $${bare} without braces: the Hub only substitutes \${${bare}}; write \${${bare}} if it is a build-env variable.`, {
      file: 'requirements.txt',
      title: 'Unsubstituted variable',
    });
  }
  for (const invalid of folder.invalidEnv) {
    log.warning(`requirements.txt uses \${${invalid}}, which no build-env key can set (keys are upper-case letters, digits and _): rename it.`, {
      file: 'requirements.txt',
      title: 'Unsettable variable',
    });
  }
  if (job.dockerfile) await checkDockerfile(job.folder, job.dockerfile);
  return folder;
}

/** The tags a push asks for: its own, or the `latest` the Hub applies when none are sent. */
function tagsOrLatest(job: PushRequest): string[] {
  return job.tags.length ? job.tags : ['latest'];
}

/** What the push asked for, where the Hub's answer leaves it out: its tags, and the name it was pushed as. */
function withFallbacks(executor: Executor, job: PushRequest, name: string | undefined): Executor {
  // Protected tags are tags too.
  const requested = [...new Set([...tagsOrLatest(job), ...job.protectedTags])];
  const tags = executor.commit?.tags?.length ? executor.commit.tags : requested;
  return { ...executor, name: executor.name ?? name, commit: { ...executor.commit, tags } };
}

async function status(ctx: RunContext, job: StatusRequest): Promise<void> {
  const { client, outputs, facts } = ctx;
  let taskId = job.taskId;
  if (taskId === undefined) {
    const folder = await readExecutorFolder(job.folder);
    facts.name = folder.name;
    const tasks = await client.listTasks(folder.name, 1).catch((err: unknown) => {
      if (err instanceof HubError && (err.details.status === 40403 || err.details.httpStatus === 404)) return [];
      throw err;
    });
    const newest = tasks[0];
    if (!newest) throw new InputError(`no build of ${folder.name} was found on the Hub: push it first, or give task-id.`);
    taskId = newest._id;
    log.info(`newest build of ${folder.name}: task ${taskId}`);
  }
  outputs.set('task-id', taskId);
  facts.taskId = taskId;
  await follow(ctx, taskId, {
    verbose: job.verbose,
    replayFirst: job.replay,
    timeoutMs: job.timeoutMs,
    showLog: job.verbose || job.replay,
  });
}

/** Waits for the build, shows its progress and sets the outputs; throws when it did not succeed. */
async function follow(
  ctx: RunContext,
  taskId: string,
  opts: { verbose: boolean; replayFirst: boolean; timeoutMs: number; showLog: boolean; complete?: (e: Executor) => Executor },
): Promise<void> {
  const { client, outputs, facts } = ctx;
  const tail = new LogTail(opts.showLog);
  const outcome: BuildOutcome = await timed(facts, 'build', () =>
    log.group(`Build (task ${taskId})`, () =>
      waitForBuild(client, {
        taskId,
        verbose: opts.verbose,
        replayFirst: opts.replayFirst,
        deadline: Date.now() + opts.timeoutMs,
        signal: ctx.signal,
        onState: (s) => log.info(`build ${s}`),
        onLog: (e) => tail.add(e),
        onReconnect: (why, waitMs) => log.info(`${why}; asking again in ${formatSeconds(waitMs)}`),
      }),
    ),
    (o) => (o.status === 'timeout' ? 'not ended yet' : o.status),
  );
  if (outcome.status === 'succeeded') {
    published(ctx, opts.complete ? opts.complete(outcome.executor) : outcome.executor);
    return;
  }
  if (outcome.status === 'failed') {
    outputs.set('status', 'failed');
    facts.outcome = 'failed';
    tail.showOnFailure();
    const name = outputs.values.name ?? facts.name ?? 'the executor';
    throw new BuildFailed(`the build of ${name} failed: ${outcome.reason} (task ID ${taskId}, session ${client.sessionId})`);
  }
  outputs.set('status', 'pending');
  facts.outcome = 'pending';
  throw new BuildFailed(
    `the build did not end within ${formatSeconds(opts.timeoutMs)}${outcome.lastState ? ` (last state: ${outcome.lastState})` : ''}: ` +
      `it goes on at the Hub; look it up later with task-id: ${taskId}, or raise timeout (session ${client.sessionId})`,
  );
}

function published(ctx: RunContext, executor: Executor): void {
  ctx.outputs.setExecutor(executor);
  ctx.outputs.set('status', 'succeeded');
  ctx.facts.outcome = 'succeeded';
  ctx.facts.executor = executor;
  const uri = usageUri(executor);
  log.info(`published ${executor.name ?? ctx.facts.name ?? 'the executor'}${executor.id ? ` (ID ${executor.id})` : ''}${uri ? `: ${uri}` : ''}`);
  if (executor.secret) {
    log.info('the Hub returned the executor secret: it is in the secret output (masked); store it as a repository secret now, the Hub never shows it again');
  }
}

/** Which Hub method, and the form fields in the contract's order. */
export function uploadFor(job: PushRequest, name: string, pkg: { file: string; size: number; md5: string }, hasToken: boolean): Upload {
  const method = hasToken
    ? job.forceUpdate !== undefined
      ? 'executor.updateAsync'
      : 'executor.createAsync'
    : job.forceUpdate !== undefined
      ? 'executor.update'
      : 'executor.create';
  const fields: Array<[string, string]> = [
    ['public', pyBool(job.visibility === 'public')],
    ['private', pyBool(job.visibility === 'private')],
    ['md5sum', pkg.md5],
  ];
  if (method === 'executor.createAsync') fields.push(['id', name]);
  if (job.forceUpdate !== undefined) fields.push(['id', job.forceUpdate]);
  if (job.secret) fields.push(['secret', job.secret]);
  if (job.tags.length) fields.push(['tags', job.tags.join(',')]);
  if (job.protectedTags.length) fields.push(['immutableTags', job.protectedTags.join(',')]);
  if (Object.keys(job.buildEnv).length) fields.push(['buildEnv', JSON.stringify(job.buildEnv)]);
  if (job.dockerfile) fields.push(['dockerfile', job.dockerfile]);
  if (job.platform) fields.push(['platform', job.platform]);
  if (job.noCache) fields.push(['buildWithNoCache', 'True']);
  if (job.verbose) fields.push(['verbose', 'True']);
  return {
    method,
    fields,
    file: { path: pkg.file, size: pkg.size, filename: `${name}.zip`, contentType: 'application/zip' },
    context: { method, name, forceUpdate: job.forceUpdate, tags: [...job.tags, ...job.protectedTags] },
  };
}

/** The build log: every line when shown, else only the last ones, printed if the build fails. */
class LogTail {
  private readonly last: string[] = [];
  constructor(private readonly show: boolean) {}

  add(event: LogEvent): void {
    if (!this.show && event.subject && (event.type === 'start' || event.type === 'done')) {
      log.info(`${event.subject}: ${event.type === 'start' ? 'started' : 'done'}`);
    }
    if (!event.text) return;
    if (this.show) log.info(event.text);
    else {
      this.last.push(event.text);
      if (this.last.length > FAILED_BUILD_TAIL) this.last.shift();
    }
  }

  showOnFailure(): void {
    if (this.show || this.last.length === 0) return;
    log.info(`last ${this.last.length} lines of the build log:`);
    for (const line of this.last) log.info(`  ${line}`);
  }
}

class BuildFailed extends Error {}

/** Runs one phase: its time goes to the summary, and a line saying it is done (with `detail`) to the log. */
async function timed<T>(facts: SummaryFacts, phase: string, fn: () => Promise<T>, detail?: (result: T, ms: number) => string): Promise<T> {
  const start = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - start;
    log.info(phaseLine(phase, ms, detail?.(result, ms)));
    return result;
  } finally {
    facts.phases.push([phase, performance.now() - start]);
  }
}

/** The upload as sent: cancelled with the step, its progress in the log every few seconds with the rate and the time left. */
function watched(ctx: RunContext, upload: Upload): Upload {
  ctx.facts.stage = 'upload';
  const ticker = new Ticker();
  const start = performance.now();
  return {
    ...upload,
    signal: ctx.signal,
    onBodyProgress: (sent, total) => {
      if (sent < total && ticker.due()) log.info(uploadingLine(sent, total, performance.now() - start));
    },
  };
}

const uploadDetail = (upload: Upload) => (_: unknown, ms: number) => `${formatBytes(upload.file.size)} at ${rate(upload.file.size, ms)}`;

function messageOf(err: unknown, sessionId?: string): string {
  if (err instanceof InputError || err instanceof HubError || err instanceof ProtocolError || err instanceof BuildFailed || err instanceof SomeFailed) {
    return err.message;
  }
  const session = sessionId ? ` (session ${sessionId})` : '';
  if (err instanceof StallError) {
    return `${err.message}, on every try: the Hub or the network is too slow for now; try again later or raise stall-timeout${session}`;
  }
  if (isNetworkError(err)) {
    return `could not reach the Hub (${describeNetworkError(err)}): check the registry input and the runner's network${session}`;
  }
  const e = err as Error;
  return `unexpected error: ${e?.message ?? String(err)}${session}`;
}
