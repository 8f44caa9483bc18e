import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { repositoryRoot, splitPathInput } from '../../src/paths.js';

const folderWith = tempFolders('paths-test-');

describe('splitPathInput', () => {
  it('splits at line breaks and at commas outside braces, in order, keeping ! lines', () => {
    assert.deepEqual(splitPathInput('executors/*\n!executors/legacy\r\nmodels/{a,b}, other ,\n\n'), [
      'executors/*',
      '!executors/legacy',
      'models/{a,b}',
      'other',
    ]);
    assert.deepEqual(splitPathInput('a/{b,{c,d}},e'), ['a/{b,{c,d}}', 'e']);
    assert.deepEqual(splitPathInput('  '), []);
    // An unclosed brace does not swallow the next line.
    assert.deepEqual(splitPathInput('a/{b,c\nd'), ['a/{b,c', 'd']);
  });
});

describe('repositoryRoot', () => {
  it('is GITHUB_WORKSPACE when the folder lies in it, else the nearest folder with .git, else the folder', async () => {
    const repo = await folderWith({ '.git/HEAD': 'ref', 'executors/enc/config.yml': '', 'sub/.git': 'gitdir: x', 'sub/enc/config.yml': '' });
    const real = await fs.realpath(repo);
    const enc = path.join(repo, 'executors', 'enc');
    assert.equal(await repositoryRoot(enc, undefined), real);
    assert.equal(await repositoryRoot(enc, path.join(repo, 'executors')), path.join(real, 'executors'));
    assert.equal(await repositoryRoot(enc, await folderWith({})), real, 'a workspace elsewhere is not the repository');
    assert.equal(await repositoryRoot(path.join(repo, 'sub', 'enc'), undefined), path.join(real, 'sub'), 'a submodule is its own repository');
    const lone = await folderWith({ 'config.yml': '' });
    const top = await repositoryRoot(lone, undefined);
    // Without .git above it (unless the temp folder itself lies in a checkout), the folder is its own limit.
    assert.ok(top === (await fs.realpath(lone)) || (await fs.lstat(path.join(top, '.git')).catch(() => undefined)) !== undefined);
  });
});
