// One executor published: check, pack, re-run check, push, wait, then its GPU variant.
import type { RunContext } from './context.js';
import type { Executor, PublishedVersion } from './hub/client.js';
import { GPU_DOCKERFILE, InputError, type PushRequest } from './inputs.js';
import * as log from './log.js';
import type { ExecutorPackage } from './package/index.js';
import { follow, published } from './follow.js';
import { messageOf } from './failure.js';
import { checkFolder, pack } from './prepare.js';
import { Outputs } from './report.js';
import { uploadAndBuild, uploadFor, uploadForBuild } from './upload.js';

/** Publishes the executor in `job.folder`: every check, the package, then the push (or skip, or dry run) and its GPU variant. */
export async function publishExecutor(ctx: RunContext, job: PushRequest): Promise<void> {
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

/** The tags a push asks for: its own, or the `latest` the Hub applies when none are sent. */
export function tagsOrLatest(job: PushRequest): string[] {
  return job.tags.length ? job.tags : ['latest'];
}

/** What the push asked for, where the Hub's answer leaves it out: its tags, and the name it was pushed as. */
function withFallbacks(executor: Executor, job: PushRequest, name: string | undefined): Executor {
  // Protected tags are tags too.
  const requested = [...new Set([...tagsOrLatest(job), ...job.protectedTags])];
  const tags = executor.commit?.tags?.length ? executor.commit.tags : requested;
  return { ...executor, name: executor.name ?? name, commit: { ...executor.commit, tags } };
}
