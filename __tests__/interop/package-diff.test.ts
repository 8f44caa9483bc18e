// The package against the real client's: on a corpus of real executor folders (corpus/, see
// corpus/CORPUS.md) plus the leftovers CI leaves behind, the file list of the action's dry run
// (dist/index.js as a runner runs it) must equal what jina-hubble-sdk's archive_package packs (run
// from ../shared/reference with /usr/bin/python3), but for the deliberate differences the contract
// names, each named here: a nested .gitignore is honoured, a link out of the repository is not
// followed, and a folder reached again through a link is packed once. Skipped, saying why, where the reference clients cannot run; never in CI (CI=true).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, runStep } from '../../tools/runner.js';
import { zipNames } from '../zip-names.js';

const REFERENCE = path.resolve(ROOT, '..', 'shared', 'reference');
const PYTHON = '/usr/bin/python3';
const CORPUS = path.join(ROOT, '__tests__', 'interop', 'corpus');
const DRIVER = path.join(ROOT, '__tests__', 'interop', 'archive_package.py');
const VERSIONS = ['0.26.4', '0.39.0'] as const;

function whyUnavailable(): string | undefined {
  if (!existsSync(REFERENCE)) return `the reference clients are not at ${REFERENCE} (a clone outside the shared layout)`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  for (const version of VERSIONS) {
    const check = spawnSync(PYTHON, ['-c', 'import pathspec, hubble.executor.helper'], {
      env: { PATH: process.env.PATH ?? '', PYTHONPATH: path.join(REFERENCE, `jina-hubble-sdk-${version}`), HOME: os.tmpdir() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (check.status !== 0) {
      const reason = (check.stderr || check.error?.message || `exit ${String(check.status)}`).trim().split('\n').at(-1);
      return `the ${version} client cannot be imported by ${PYTHON} (${reason}): install the Debian packages of ../shared/reference/README.md`;
    }
  }
  return undefined;
}

const unavailable = whyUnavailable();
const inCi = process.env.CI === 'true';
if (unavailable && !inCi) process.stderr.write(`package-diff: skipped: ${unavailable}\n`);

/** The corpus' executor folders, relative to it: every folder holding config.yml or manifest.yml. */
async function corpusFolders(): Promise<string[]> {
  const found: string[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await fs.readdir(path.join(CORPUS, rel), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && (e.name === 'config.yml' || e.name === 'manifest.yml'))) {
      found.push(rel);
      return;
    }
    for (const e of entries) if (e.isDirectory()) await walk(rel ? `${rel}/${e.name}` : e.name);
  }
  await walk('');
  return found.sort();
}

async function write(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

/** What CI leaves in a checkout, and links in and out of the repository; varied by the folder's index. */
async function addLeftovers(folder: string, index: number, repo: string, outside: string): Promise<void> {
  if (index % 2 === 0) await write(path.join(folder, 'third_party/CLIP/.git'), 'gitdir: ../../.git/modules/CLIP\n');
  else await write(path.join(folder, 'third_party/CLIP/.git/HEAD'), 'ref: refs/heads/main\n');
  await write(path.join(folder, 'third_party/CLIP/clip/model.py'), 'x = 1\n');
  await write(path.join(folder, 'tests/.jina/secret.key'), 'a secret the 0.26 client wrote\n');
  await write(path.join(folder, '.cache/huggingface/hub/model.bin'), 'cache\n');
  await write(path.join(folder, 'pytest.log'), 'log\n');
  await write(path.join(folder, '.github/workflows/ci.yml'), 'on: push\n');
  await write(path.join(folder, 'site/index.html'), '<html></html>\n');
  await write(path.join(folder, 'docs/site/kept.html'), '<html></html>\n');
  await write(path.join(folder, 'wheels/helper-1.0-py3-none-any.whl'), 'wheel\n');
  await write(path.join(folder, 'MANIFEST'), 'executor.py\n');
  await write(path.join(folder, 'native/_ext.cpython-311-x86_64-linux-gnu.so'), 'ELF\n');
  await write(path.join(folder, '__pycache__/executor.cpython-311.pyc'), 'pyc\n');
  await write(path.join(folder, 'build/lib/x.py'), 'x\n');
  await write(path.join(folder, 'pkg.egg-info/PKG-INFO'), 'Name: pkg\n');
  await write(path.join(folder, '.venv/lib/python3.11/site-packages/x.py'), 'x\n');
  await fs.symlink(PYTHON, path.join(folder, '.venv/python'));
  // Shared code of the repository, linked in: followed by both.
  await fs.symlink(path.relative(folder, path.join(repo, 'shared')), path.join(folder, 'shared'));
  // A file and a folder out of the repository: followed by the client only.
  await fs.symlink(path.join(outside, 'notes.txt'), path.join(folder, 'outside-notes.txt'));
  await fs.symlink(path.join(outside, 'data'), path.join(folder, 'outside-data'));
  if (index % 4 === 1) {
    // A second way to the same folder: packed once by the action, once per way by the client.
    await write(path.join(folder, 'assets/labels.txt'), 'cat\n');
    await fs.symlink('assets', path.join(folder, 'assets-link'));
  }
  if (index % 3 === 0) {
    // A nested .gitignore: honoured by the action only.
    await write(path.join(folder, 'tests/.gitignore'), '*.tmp\nscratch/\n');
    await write(path.join(folder, 'tests/run.tmp'), 'tmp\n');
    await write(path.join(folder, 'tests/scratch/out.txt'), 'out\n');
  }
}

/** The target of the first link on the way from the folder to the name (the name included), if any. */
async function firstLinkTarget(folder: string, name: string): Promise<string | undefined> {
  const parts = name.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = path.join(folder, ...parts.slice(0, i));
    if ((await fs.lstat(at).catch(() => undefined))?.isSymbolicLink()) return fs.realpath(at);
  }
  return undefined;
}

function isInside(top: string, target: string): boolean {
  const rel = path.relative(top, target);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Whether a .gitignore below the folder's top, in a folder above the name, holds a rule for it (the action honours it). */
async function underNestedGitignore(folder: string, name: string): Promise<boolean> {
  const parts = name.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (existsSync(path.join(folder, ...parts.slice(0, i), '.gitignore'))) return true;
  }
  return false;
}

describe('the package against the real client\'s archive_package', { skip: !inCi && unavailable ? unavailable : undefined }, () => {
  let repo = '';
  let outside = '';
  let folders: string[] = [];

  before(async () => {
    if (unavailable) throw new Error(`the real client cannot run: ${unavailable}`);
    repo = await fs.mkdtemp(path.join(os.tmpdir(), 'package-diff-repo-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'package-diff-outside-'));
    await write(path.join(outside, 'notes.txt'), 'not in the repository\n');
    await write(path.join(outside, 'data/rows.csv'), 'a,b\n');
    await fs.mkdir(path.join(repo, '.git'));
    await write(path.join(repo, 'shared/util.py'), 'def shared(): pass\n');
    await fs.cp(CORPUS, path.join(repo, 'corpus'), { recursive: true });
    folders = await corpusFolders();
    for (const [i, rel] of folders.entries()) await addLeftovers(path.join(repo, 'corpus', rel), i, repo, outside);
  });
  after(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('packs the same files, but for the deliberate differences, each named', { timeout: 300_000 }, async () => {
    assert.ok(folders.length >= 15, `the corpus has ${folders.length} executor folders`);
    const absolute = folders.map((rel) => path.join(repo, 'corpus', rel));

    // The real client, both releases (their archive_package is the same; this checks it).
    const client: Record<string, Record<string, string[]>> = {};
    for (const version of VERSIONS) {
      const { stdout } = await promisify(execFile)(PYTHON, [DRIVER, ...absolute], {
        env: { PATH: process.env.PATH ?? '', PYTHONPATH: path.join(REFERENCE, `jina-hubble-sdk-${version}`), HOME: os.tmpdir() },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      });
      client[version] = JSON.parse(stdout) as Record<string, string[]>;
    }
    assert.deepEqual(client['0.26.4'], client['0.39.0']);

    // The action: one dry run of every folder, as a runner runs it, from the repository's top.
    const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'package-diff-temp-'));
    let action: Map<string, string[]>;
    try {
      const r = await runStep(
        { path: folders.map((rel) => `corpus/${rel}`).join('\n'), 'dry-run': 'true', parallel: '2' },
        { cwd: repo, env: { GITHUB_WORKSPACE: repo, RUNNER_TEMP: runnerTemp }, timeoutMs: 240_000 },
      );
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const entries = JSON.parse(r.outputs.executors ?? '[]') as Array<{ path: string; 'package-path'?: string }>;
      action = new Map();
      for (const e of entries) action.set(path.join(repo, e.path), await zipNames(e['package-path'] ?? '?'));
    } finally {
      await fs.rm(runnerTemp, { recursive: true, force: true });
    }

    const byReason = new Map<string, string[]>();
    const unexplained: string[] = [];
    for (const folder of absolute) {
      const theirs = new Set(client['0.39.0']?.[folder] ?? []);
      const ours = new Set(action.get(folder) ?? []);
      assert.ok(theirs.size > 0 && ours.size > 0, `no list for ${folder}`);
      const label = path.relative(path.join(repo, 'corpus'), folder);
      for (const name of ours) if (!theirs.has(name)) unexplained.push(`${label}: ${name} is packed by the action only`);
      for (const name of theirs) {
        if (ours.has(name)) continue;
        const target = await firstLinkTarget(folder, name);
        const reason = target !== undefined && !isInside(repo, target)
          ? 'a link out of the repository is not followed'
          : target !== undefined && isInside(await fs.realpath(folder), target)
            ? 'a folder reached again through a link is packed once'
            : (await underNestedGitignore(folder, name))
              ? 'a nested .gitignore is honoured'
              : undefined;
        if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), `${label}/${name}`]);
        else unexplained.push(`${label}: ${name} is packed by the client only`);
      }
    }
    for (const [reason, names] of byReason) process.stderr.write(`package-diff: ${names.length} names differ because ${reason}, e.g. ${names.slice(0, 3).join(', ')}\n`);
    assert.deepEqual(unexplained, []);
    // Each deliberate difference was met (the corpus plants both).
    assert.deepEqual([...byReason.keys()].sort(), [
      'a folder reached again through a link is packed once',
      'a link out of the repository is not followed',
      'a nested .gitignore is honoured',
    ]);
    // And nothing the client leaves out reached the action's package.
    for (const [folder, names] of action) {
      for (const name of names) {
        assert.ok(!name.split('/').some((part) => part === '.git' || part === '.jina'), `${folder}: ${name}`);
      }
      assert.ok(names.includes('shared/util.py'), `${folder}: the shared code linked in is missing`);
    }
  });
});
