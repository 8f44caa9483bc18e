// One executor published: check, the Hub's generation and the token's owner, pack, re-run check,
// push, wait, then its GPU variant.
import { settle, type RunContext } from './context.js';
import type { Executor, PublishedVersion } from './hub/client.js';
import type { HubApi } from './hub/generation.js';
import { GPU_DOCKERFILE, InputError, type PushRequest } from './inputs.js';
import * as log from './log.js';
import type { ExecutorPackage } from './package/index.js';
import { follow, published } from './follow.js';
import { messageOf } from './failure.js';
import { publishedExecutor } from './lookup.js';
import { ownedRef } from './owner.js';
import { checkFolder, pack } from './prepare.js';
import { PushTask } from './push-task.js';
import { Outputs } from './report.js';
import { NEEDS_LOGIN, targetFor, uploadAndBuild, uploadFor, uploadForBuild } from './upload.js';

/** What the Hub is, for every push of one executor: its API generation, and the token's owner when there is a token. */
interface HubSide {
  api: HubApi;
  owner?: string;
}

/** Publishes the executor in `job.folder`: every check, the package, then the push (or skip, or dry run) and its GPU variant. */
export async function publishExecutor(ctx: RunContext, job: PushRequest): Promise<void> {
  const { outputs, facts } = ctx;
  const folder = await checkFolder(job);
  facts.name = folder.name;
  facts.visibility = job.visibility;
  facts.buildEnvNames = Object.keys(job.buildEnv);

  // Before anything is packed: which API the Hub speaks, whether it can take this push, whose token this is.
  const hub = job.dryRun ? undefined : await hubSide(ctx, job);

  const pkg = await pack(ctx, job, folder.name);
  const gpuDockerfile = gpuDockerfileOf(job, pkg.names);
  if (job.dryRun || !hub) {
    outputs.set('package-path', pkg.file);
    settle(ctx, 'dry-run');
    log.info(
      `dry run: ${folder.name} passed every check${gpuDockerfile ? ` (and has a GPU variant from ${gpuDockerfile})` : ''}; ` +
        `the package is ${pkg.file} (md5 ${pkg.md5}); nothing was uploaded`,
    );
    return;
  }

  const existing = await alreadyPublished(ctx, hub, job, folder.name, pkg.md5);
  if (existing) {
    skipped(ctx, existing, job, folder.name, pkg.md5);
  } else {
    await pushOnce(ctx, hub, job, folder.name, pkg);
  }
  if (gpuDockerfile) await pushGpu(ctx, hub, job, folder.name, pkg, gpuDockerfile);
}

/**
 * The Hub's side of a push, learnt before anything is packed: its generation (pinned, or asked once
 * per run); for the push generation, a token (else one sentence, and nothing is uploaded) and its owner
 * (a refused token fails here); for the async generation, the owner when the Hub says it.
 */
async function hubSide(ctx: RunContext, job: PushRequest): Promise<HubSide> {
  const hasToken = ctx.request.token !== undefined;
  const withSecret = job.forceUpdate !== undefined && job.secret !== undefined;
  // Pinned to push: said before anything is sent.
  if (ctx.generation.known === 'push' && !hasToken && !withSecret) throw new InputError(NEEDS_LOGIN);
  const api = await ctx.generation.get();
  if (api === 'push') {
    if (!hasToken && !withSecret) throw new InputError(NEEDS_LOGIN);
    return { api, owner: await ctx.owner.get(true) };
  }
  if (job.platform) {
    ctx.generation.warnOnce(
      'platform',
      `platform ${job.platform} is sent, but this Hub speaks the async generation of the Hub API, which may ignore it (platform came with the push generation)`,
    );
  }
  const owner = await ctx.owner.get(
    false,
    'executors are not looked up by name: a first publish goes to createAsync, where the Hub finds the executor by the name in the package, and re-runs are not checked before uploading',
  );
  return { api, owner };
}

/** How the Hub names the token owner's executor `name`: `<owner>/<name>`, or what force-update gave; undefined when the owner is not known. */
function executorRef(hub: HubSide, job: PushRequest, name: string): string | undefined {
  return job.forceUpdate ?? (hub.owner !== undefined ? ownedRef(hub.owner, name) : undefined);
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
async function alreadyPublished(ctx: RunContext, hub: HubSide, job: PushRequest, name: string, md5: string): Promise<PublishedVersion | undefined> {
  if (ctx.request.token === undefined || job.protectedTags.length === 0) return undefined;
  // Never by the bare name: another owner's executor of that name is not this one.
  const ref = executorRef(hub, job, name);
  if (ref === undefined) return undefined;
  let same: PublishedVersion | undefined;
  for (const tag of job.protectedTags) {
    let version: PublishedVersion | undefined;
    try {
      version = await ctx.client.getPackage(ref, tag);
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
  settle(ctx, 'skipped', executor);
  const tags = job.protectedTags;
  log.info(`${name}:${tags.join(', ')} already ${tags.length > 1 ? 'hold' : 'holds'} this package (md5 ${md5}): nothing uploaded (status: skipped)`);
}

/** The GPU variant: the same package built from its Dockerfile, every tag with `-gpu` after it. */
async function pushGpu(ctx: RunContext, hub: HubSide, job: PushRequest, name: string, pkg: ExecutorPackage, dockerfile: string): Promise<void> {
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
    const existing = await alreadyPublished(gpu, hub, gpuJob, name, pkg.md5);
    if (existing) skipped(gpu, existing, gpuJob, name, pkg.md5);
    else await pushOnce(gpu, hub, gpuJob, name, pkg);
  } finally {
    ctx.outputs.set('gpu-task-id', gpu.outputs.values['task-id']);
    ctx.outputs.set('gpu-status', gpu.outputs.values.status);
    for (const [phase, ms] of gpu.facts.phases) ctx.facts.phases.push([`GPU ${phase}`, ms]);
  }
}

/** One upload of the package, and its build followed as the inputs say. */
async function pushOnce(ctx: RunContext, hub: HubSide, job: PushRequest, name: string, pkg: ExecutorPackage): Promise<void> {
  const { outputs, facts } = ctx;
  const hasToken = ctx.request.token !== undefined;
  const target = targetFor(hub.api, job, name, hasToken, await existingId(ctx, hub, job, name));
  // How the Hub names the executor this upload goes to (undefined: not known).
  const ref =
    target.method === 'executor.push' && hub.owner !== undefined
      ? ownedRef(hub.owner, name)
      : target.method === 'executor.create'
        ? name
        : (target.id ?? (hub.owner !== undefined ? ownedRef(hub.owner, name) : undefined));
  const upload = uploadFor(job, name, pkg, target, hasToken ? ref : undefined);
  outputs.set('visibility', job.visibility);
  if (target.method === 'executor.createAsync' || target.method === 'executor.push') outputs.set('name', name);
  const lookup = (reported: Executor, taskId?: string) =>
    publishedExecutor(ctx, reported, {
      ref: reported.id ?? outputs.values.id ?? ref,
      tag: tagsOrLatest(job)[0],
      secret: job.secret,
      expectOwner: hasToken,
      what: name,
      taskId,
    }).then((executor) => withFallbacks(executor, job, name));

  if (target.method === 'executor.create' || target.method === 'executor.update' || target.method === 'executor.push') {
    if (hub.api === 'push' && job.forceUpdate !== undefined && target.method === 'executor.push' && job.forceUpdate !== name) {
      log.info(`force-update ${job.forceUpdate} without a secret: this Hub updates by name, so the package goes to executor.push as ${name}`);
    }
    if (!job.wait) log.info('wait: false has no effect here: this Hub builds while it answers the upload, so the step waits for the build');
    // With a token, the build task is found in the executor's task list (the push generation's stream has no task ID).
    const task = hasToken && hub.api === 'push' && ref !== undefined ? await PushTask.before(ctx.client, ref) : undefined;
    const reported = await uploadAndBuild(ctx, upload, { verbose: job.verbose, task });
    published(ctx, await lookup(reported, facts.taskId));
    return;
  }

  const taskId = await uploadForBuild(ctx, upload);
  if (!job.wait) {
    settle(ctx, 'pending');
    log.info(`not waiting for the build (wait: false): follow it with task-id: ${taskId}`);
    return;
  }
  await follow(ctx, taskId, {
    verbose: job.verbose,
    replayFirst: true,
    timeoutMs: job.timeoutMs,
    showLog: job.verbose,
    resolve: (reported) => lookup(reported, taskId),
  });
}

/**
 * The async generation with a token and no force-update: the ID of the executor of this name the
 * token's owner already has, for updateAsync; undefined for a first publish (createAsync), or when the
 * owner is not known (then createAsync too, and the Hub finds the executor by the package's name).
 */
async function existingId(ctx: RunContext, hub: HubSide, job: PushRequest, name: string): Promise<string | undefined> {
  if (hub.api !== 'async' || ctx.request.token === undefined || job.forceUpdate !== undefined || hub.owner === undefined) return undefined;
  const ref = ownedRef(hub.owner, name);
  try {
    const executor = await ctx.client.findExecutor(ref);
    if (executor) log.info(`${ref} exists (ID ${executor.id}): this version goes to executor.updateAsync`);
    return executor?.id;
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    log.info(`could not look up ${ref} (${messageOf(err)}): sending executor.createAsync, where the Hub finds the executor by the name in the package`);
    return undefined;
  }
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
