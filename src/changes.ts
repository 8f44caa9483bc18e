// changed-only: which executor folders a pull request or push changed, from git, so that only those
// are published. The base commit comes from the event payload; the diff comes from the local clone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getExecOutput } from '@actions/exec';
import { InputError } from './inputs.js';
import type { GitContext } from './release.js';

/** The part of @actions/exec's getExecOutput used here; injectable for tests. */
export type ExecFn = (
  command: string,
  args: string[],
  options: { cwd: string; silent: boolean; ignoreReturnCode: boolean },
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;

/** The commit to compare HEAD with: the PR's base, or the commit before a push; undefined when there is none. */
export function baseCommitOf(ctx: GitContext): string | undefined {
  let sha: unknown;
  if (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target') {
    const pr = ctx.payload.pull_request;
    const base = isRecord(pr) ? pr.base : undefined;
    sha = isRecord(base) ? base.sha : undefined;
  } else if (ctx.eventName === 'push') {
    sha = ctx.payload.before;
  }
  // A new branch or tag is pushed with before = 0000...: there is nothing to compare with.
  if (typeof sha !== 'string' || !SHA.test(sha) || /^0+$/.test(sha)) return undefined;
  return sha;
}

/**
 * The folders (as given) holding at least one file that differs between the merge base of `base` and HEAD,
 * and HEAD: the `base...HEAD` three-dot diff, i.e. only what the PR or push itself brings.
 */
export async function changedFolders(
  folders: string[],
  base: string,
  options: { cwd: string; exec?: ExecFn },
): Promise<string[]> {
  const git = gitRunner(options.cwd, options.exec ?? getExecOutput);
  if (base === '' || base.startsWith('-')) {
    throw new InputError(`changed-only base "${base}" is not a commit: give a commit SHA.`);
  }

  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) {
    if (/not a git repository/i.test(top.stderr)) {
      throw new InputError(
        `changed-only needs a git repository, and ${options.cwd} is not in one: check the repository out with actions/checkout first.`,
      );
    }
    throw new Error(`git rev-parse --show-toplevel failed in ${options.cwd}: ${firstLine(top.stderr)}`);
  }
  const root = await real(top.stdout.trim());

  const missing = `changed-only needs the base commit ${base}, which this clone does not have: give actions/checkout fetch-depth: 0.`;
  if ((await git(['cat-file', '-e', `${base}^{commit}`])).exitCode !== 0) throw new InputError(missing);

  // Three-dot semantics, spelled out so that a missing merge base can be told apart from other failures.
  const mergeBase = await git(['merge-base', base, 'HEAD']);
  let from = mergeBase.stdout.trim();
  if (mergeBase.exitCode !== 0 || from === '') {
    const shallow = await git(['rev-parse', '--is-shallow-repository']);
    // In a shallow clone the common ancestor is cut off; otherwise the histories are unrelated: compare the trees.
    if (shallow.stdout.trim() === 'true') throw new InputError(missing);
    from = base;
  }

  const diff = await git(['diff', '--name-only', '--no-renames', '-z', from, 'HEAD', '--']);
  if (diff.exitCode !== 0) throw new Error(`git diff ${from} HEAD failed: ${firstLine(diff.stderr)}`);
  const changed = diff.stdout.split('\0').filter((f) => f.length > 0);

  const result: string[] = [];
  for (const folder of folders) {
    const rel = path.relative(root, await real(folder));
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      throw new InputError(`changed-only: folder ${folder} is outside the git repository ${root}: set path to folders inside it.`);
    }
    const prefix = rel.split(path.sep).join('/');
    if (changed.some((file) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`))) result.push(folder);
  }
  return result;
}

function gitRunner(cwd: string, exec: ExecFn) {
  return async (args: string[]) => {
    try {
      return await exec('git', args, { cwd, silent: true, ignoreReturnCode: true });
    } catch (err) {
      throw new InputError(`changed-only needs git in ${cwd}, and it could not run: ${firstLine(String(err)).replace(/\.$/, '')}.`);
    }
  };
}

/** The real path, so that it compares with git's toplevel through symlinks (/tmp on macOS); as given when missing. */
async function real(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
