// Before anything is sent: the folder's rules checked, then the package made and looked over.
import type { RunContext } from './context.js';
import { checkDockerfile, missingEnv, readExecutorFolder, type ExecutorFolder } from './executor.js';
import { InputError, type PushRequest } from './inputs.js';
import * as log from './log.js';
import { likelyCredentials } from './package/credentials.js';
import { packFolder, type ExecutorPackage } from './package/index.js';
import { lfsLine } from './package/lfs.js';
import { shownList } from './package/shown.js';
import { repositoryRoot } from './paths.js';
import { timed } from './phases.js';
import { packingLine, Ticker } from './progress.js';
import { formatBytes } from './report.js';

/** Things left out of the package that get an annotation each; the rest share one. */
const LEFT_OUT_SHOWN = 10;

/** The contract's rules on the folder, checked before anything is packed or sent. */
export async function checkFolder(job: PushRequest): Promise<ExecutorFolder> {
  // With force-update and a secret the clients do not use the folder's name: a folder without one is pushed.
  const nameless = job.forceUpdate !== undefined && job.secret !== undefined ? job.forceUpdate : undefined;
  const folder = await readExecutorFolder(job.folder, { nameless });
  log.info(
    folder.nameSource === 'force-update'
      ? `the folder gives no executor name: going by force-update ${folder.name}`
      : `executor name ${folder.name}, from ${folder.nameSource}${job.forceUpdate !== undefined ? ` (the push updates ${job.forceUpdate})` : ''}`,
  );
  // The name is what the push goes by only without force-update.
  if (job.forceUpdate === undefined) {
    for (const warning of folder.nameWarnings) log.warning(warning, { title: 'Executor name' });
  }
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
  // The GPU variant is a push with its own Dockerfile: the same rule (its presence in the package is checked after packing).
  if (job.gpuDockerfile !== 'auto' && job.gpuDockerfile !== 'none' && job.gpuDockerfile.includes('/')) {
    await checkDockerfile(job.folder, job.gpuDockerfile, 'gpu-dockerfile');
  }
  return folder;
}

/** Packs the folder into a zip on disk, removed at the end of the run. */
export async function pack(ctx: RunContext, job: PushRequest, name: string): Promise<ExecutorPackage> {
  const { facts, outputs } = ctx;
  const pkg = await timed(
    facts,
    'package',
    () =>
      log.group(`Package ${name} from ${job.folder}`, async () => {
        const ticker = new Ticker();
        const repository = await repositoryRoot(job.folder, process.env.GITHUB_WORKSPACE);
        let kept = false; // a dry run leaves a finished package for the next steps (package-path)
        const made = await packFolder(job.folder, name, {
          repository,
          signal: ctx.signal,
          onProgress: (p) => ticker.due() && log.info(packingLine(p)),
          // Registered before the zip is written: a failed or cancelled pack leaves nothing behind.
          onCreated: (remove) => ctx.cleanup.push(async () => (kept ? undefined : remove())),
        });
        kept = job.dryRun;
        log.info(`${made.entries} files (${made.usedGitignore ? 'rules from .gitignore' : 'default ignore list: no .gitignore'})`);
        return made;
      }),
    (made) => `${made.entries} files, ${formatBytes(made.contentBytes)} into ${formatBytes(made.size)}, ${made.stored} stored as they are; md5 ${made.md5}`,
  );
  // One annotation each for the first few; the rest in one, so that a tree of links cannot flood the run's annotations.
  for (const item of pkg.leftOut.slice(0, LEFT_OUT_SHOWN)) log.warning(`left out ${item.name}: ${item.reason}.`, { title: 'Left out of the package' });
  const more = pkg.leftOut.slice(LEFT_OUT_SHOWN);
  if (more.length > 0) {
    log.warning(`left out ${more.length} more links or special files: ${shownList(more.map((item) => item.name), 20)}.`, { title: 'Left out of the package' });
  }
  if (pkg.lfsPointers.length > 0) {
    facts.lfsPointers = pkg.lfsPointers;
    log.warning(lfsLine(pkg.lfsPointers), { title: 'Git LFS pointers in the package' });
  }
  const credentials = likelyCredentials(pkg.names);
  if (credentials.length) {
    const shown = shownList(credentials, 10);
    log.warning(
      `the package contains ${credentials.length > 1 ? 'files that look' : 'a file that looks'} like credentials: ${shown}. ` +
        'Whoever can pull the executor can read them: add them to the .gitignore of the folder unless they are meant to be published.',
      { title: 'Likely credentials in the package' },
    );
  }
  if (job.dockerfile && !pkg.names.includes(job.dockerfile)) {
    throw new InputError(
      `dockerfile "${job.dockerfile}" is left out of the package (by .gitignore, or as a link out of the repository): un-ignore it or give another dockerfile.`,
    );
  }
  facts.packageSize = pkg.size;
  facts.md5 = pkg.md5;
  facts.files = pkg.entries;
  outputs.set('md5', pkg.md5);
  return pkg;
}

