import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { baseCommitOf, changedFolders, type ExecFn } from '../../src/changes.js';
import { InputError } from '../../src/inputs.js';
import type { GitContext } from '../../src/release.js';

const folderWith = tempFolders('changes-test-');

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** A repository with one commit holding `files`; returns its folder and that commit. */
async function repoWith(files: Record<string, string>): Promise<{ repo: string; base: string }> {
  const repo = await folderWith(files);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  return { repo, base: git(repo, 'rev-parse', 'HEAD') };
}

async function write(repo: string, file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(path.join(repo, file)), { recursive: true });
  await fs.writeFile(path.join(repo, file), content);
}

function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

async function rejectsInput(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

const EXECUTORS = {
  'executors/a/config.yml': 'metas:\n  name: A\n',
  'executors/ab/config.yml': 'metas:\n  name: AB\n',
  'executors/b/config.yml': 'metas:\n  name: B\n',
  'executors/b/helper.py': 'x = 1\n',
  'executors/c/config.yml': 'metas:\n  name: C\n',
  'executors/d/config.yml': 'metas:\n  name: D\n',
  'README.md': '# repo\n',
};

const SHA = 'a'.repeat(40);

describe('baseCommitOf', () => {
  const ctx = (eventName: string, payload: Record<string, unknown>): GitContext => ({ eventName, ref: '', payload });

  it('takes the pull request base for pull_request and pull_request_target', () => {
    assert.equal(baseCommitOf(ctx('pull_request', { pull_request: { base: { sha: SHA } } })), SHA);
    assert.equal(baseCommitOf(ctx('pull_request_target', { pull_request: { base: { sha: SHA } } })), SHA);
  });

  it('takes the commit before a push', () => {
    assert.equal(baseCommitOf(ctx('push', { before: SHA, after: 'b'.repeat(40) })), SHA);
  });

  it('gives undefined for the all-zero before of a new branch or tag', () => {
    assert.equal(baseCommitOf(ctx('push', { before: '0'.repeat(40) })), undefined);
  });

  it('gives undefined for other events, a missing or malformed payload, or something that is not a sha', () => {
    assert.equal(baseCommitOf(ctx('release', { before: SHA, pull_request: { base: { sha: SHA } } })), undefined);
    assert.equal(baseCommitOf(ctx('workflow_dispatch', {})), undefined);
    assert.equal(baseCommitOf(ctx('pull_request', {})), undefined);
    assert.equal(baseCommitOf(ctx('pull_request', { pull_request: { base: 'main' } })), undefined);
    assert.equal(baseCommitOf(ctx('push', { before: 42 })), undefined);
    assert.equal(baseCommitOf(ctx('push', { before: '--output=/tmp/x' })), undefined);
    // before only counts for push, base.sha only for pull requests
    assert.equal(baseCommitOf(ctx('pull_request', { before: SHA })), undefined);
    assert.equal(baseCommitOf(ctx('push', { pull_request: { base: { sha: SHA } } })), undefined);
  });
});

describe('changedFolders (real git)', () => {
  it('returns the folders holding a changed file, as given and in the given order', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    await write(repo, 'executors/a/executor.py', 'print(1)\n');
    commitAll(repo, 'change a');
    const folders = ['d', 'c', 'b', 'ab', 'a'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, base, { cwd: repo }), [path.join(repo, 'executors', 'a')]);
  });

  it('does not take a folder for another whose name starts the same', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    await write(repo, 'executors/ab/config.yml', 'metas:\n  name: AB2\n');
    commitAll(repo, 'change ab');
    const folders = ['a', 'ab'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, base, { cwd: repo }), [path.join(repo, 'executors', 'ab')]);
  });

  it('counts a moved file in both the folder it left and the one it joined, and a deletion', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    git(repo, 'mv', 'executors/b/helper.py', 'executors/c/helper.py');
    await fs.rm(path.join(repo, 'executors/d/config.yml'));
    commitAll(repo, 'move and delete');
    const folders = ['a', 'b', 'c', 'd'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, base, { cwd: repo }), folders.slice(1));
  });

  it('reads file names with spaces, newlines and non-ASCII letters', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    await write(repo, 'executors/c/wéird\nname .txt', 'x\n');
    commitAll(repo, 'odd name');
    const folders = ['a', 'c'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, base, { cwd: repo }), [path.join(repo, 'executors', 'c')]);
  });

  it('takes the repository root as changed when anything changed, and nothing when HEAD is the base', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    assert.deepEqual(await changedFolders([repo], base, { cwd: repo }), []);
    await write(repo, 'README.md', '# changed\n');
    commitAll(repo, 'readme');
    assert.deepEqual(await changedFolders([repo, path.join(repo, 'executors', 'a')], base, { cwd: repo }), [repo]);
  });

  it('finds the repository root from a cwd below it, and takes a folder that no longer exists', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    await fs.rm(path.join(repo, 'executors/d'), { recursive: true });
    commitAll(repo, 'drop d');
    const got = await changedFolders([path.join(repo, 'executors', 'd')], base, { cwd: path.join(repo, 'executors', 'a') });
    assert.deepEqual(got, [path.join(repo, 'executors', 'd')]);
  });

  it('compares with the merge base (three dots): changes made on the base branch since do not count', async () => {
    const { repo } = await repoWith(EXECUTORS);
    git(repo, 'checkout', '-q', '-b', 'feature');
    await write(repo, 'executors/a/executor.py', 'print(1)\n');
    commitAll(repo, 'feature changes a');
    git(repo, 'checkout', '-q', 'main');
    await write(repo, 'executors/d/executor.py', 'print(2)\n');
    const mainTip = commitAll(repo, 'main changes d');
    git(repo, 'checkout', '-q', 'feature');
    const folders = ['a', 'd'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, mainTip, { cwd: repo }), [path.join(repo, 'executors', 'a')]);
  });

  it('compares the trees when the base shares no history with HEAD', async () => {
    const { repo } = await repoWith(EXECUTORS);
    git(repo, 'checkout', '-q', '--orphan', 'other');
    await write(repo, 'executors/b/helper.py', 'x = 2\n');
    const other = commitAll(repo, 'unrelated');
    git(repo, 'checkout', '-q', 'main');
    const folders = ['a', 'b'].map((f) => path.join(repo, 'executors', f));
    assert.deepEqual(await changedFolders(folders, other, { cwd: repo }), [path.join(repo, 'executors', 'b')]);
  });

  it('asks for fetch-depth 0 when the base commit is not in the clone', async () => {
    const { repo } = await repoWith(EXECUTORS);
    await rejectsInput(
      changedFolders([repo], 'f'.repeat(40), { cwd: repo }),
      new RegExp(`^changed-only needs the base commit ${'f'.repeat(40)}, which this clone does not have: give actions/checkout fetch-depth: 0\\.$`),
    );
  });

  it('asks for fetch-depth 0 in a shallow clone without the base, or without the merge base', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    git(repo, 'checkout', '-q', '-b', 'feature');
    await write(repo, 'executors/a/executor.py', 'print(1)\n');
    commitAll(repo, 'feature');
    git(repo, 'checkout', '-q', 'main');
    await write(repo, 'executors/d/executor.py', 'print(2)\n');
    const mainTip = commitAll(repo, 'main');
    git(repo, 'checkout', '-q', 'feature');

    const parent = await folderWith({});
    const clone = path.join(parent, 'clone');
    git(parent, 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${repo}`, clone);
    git(clone, 'checkout', '-q', 'feature');
    // The old base is cut off entirely.
    await rejectsInput(changedFolders([clone], base, { cwd: clone }), /needs the base commit .*fetch-depth: 0/);
    // main's tip is there, but not the commit where feature branched off it.
    assert.equal(git(clone, 'rev-parse', 'origin/main'), mainTip);
    await rejectsInput(changedFolders([clone], mainTip, { cwd: clone }), new RegExp(`needs the base commit ${mainTip},.*fetch-depth: 0`));
  });

  it('says so when the folders are not in a git repository', async () => {
    const dir = await folderWith({ 'x/config.yml': '' });
    // Keep git from finding a repository above the temp folder.
    const previous = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir);
    try {
      await rejectsInput(changedFolders([path.join(dir, 'x')], SHA, { cwd: dir }), /^changed-only needs a git repository, and .* is not in one: /);
    } finally {
      if (previous === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = previous;
    }
  });

  it('refuses a folder outside the repository', async () => {
    const { repo, base } = await repoWith(EXECUTORS);
    const outside = await folderWith({ 'e/config.yml': '' });
    await rejectsInput(changedFolders([path.join(outside, 'e')], base, { cwd: repo }), /is outside the git repository/);
  });
});

describe('changedFolders (injected exec)', () => {
  it('runs git diff -z without renames from the merge base, silently and without failing on exit codes', async () => {
    const calls: { args: string[]; cwd: string; silent: boolean; ignoreReturnCode: boolean }[] = [];
    const exec: ExecFn = async (command, args, options) => {
      assert.equal(command, 'git');
      calls.push({ args, ...options });
      if (args[0] === 'rev-parse') return { exitCode: 0, stdout: '/repo\n', stderr: '' };
      if (args[0] === 'merge-base') return { exitCode: 0, stdout: `${'c'.repeat(40)}\n`, stderr: '' };
      if (args[0] === 'diff') return { exitCode: 0, stdout: 'x/a.py\0y/z/b.py\0', stderr: '' };
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const got = await changedFolders(['/repo/x', '/repo/y', '/repo/y/w'], SHA, { cwd: '/repo', exec });
    assert.deepEqual(got, ['/repo/x', '/repo/y']);
    assert.deepEqual(
      calls.map((c) => c.args),
      [
        ['rev-parse', '--show-toplevel'],
        ['cat-file', '-e', `${SHA}^{commit}`],
        ['merge-base', SHA, 'HEAD'],
        ['diff', '--name-only', '--no-renames', '-z', 'c'.repeat(40), 'HEAD', '--'],
      ],
    );
    assert.ok(calls.every((c) => c.cwd === '/repo' && c.silent && c.ignoreReturnCode));
  });

  it('turns a git that cannot run into an InputError, and refuses a base that looks like an option', async () => {
    const exec: ExecFn = async () => {
      throw new Error('Unable to locate executable file: git.');
    };
    await rejectsInput(changedFolders(['/repo/x'], SHA, { cwd: '/repo', exec }), /^changed-only needs git in \/repo, and it could not run: .*git\.$/);
    await rejectsInput(changedFolders(['/repo/x'], '--output=/tmp/x', { cwd: '/repo', exec }), /is not a commit/);
  });

  it('reports a failing diff with git own words', async () => {
    const exec: ExecFn = async (_command, args) => {
      if (args[0] === 'diff') return { exitCode: 128, stdout: '', stderr: 'fatal: bad object HEAD\n' };
      return { exitCode: 0, stdout: args[0] === 'rev-parse' ? '/repo' : SHA, stderr: '' };
    };
    await assert.rejects(changedFolders(['/repo/x'], SHA, { cwd: '/repo', exec }), /git diff .* failed: fatal: bad object HEAD/);
  });
});
