import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { compareNames, listFolder } from '../../src/package/walk.js';

const folderWith = tempFolders('walk-test-');

async function names(dir: string): Promise<string[]> {
  return (await listFolder(dir)).entries.map((e) => e.name);
}

describe('listFolder: always left out', () => {
  it('never lists .git/ or .jina/, with or without .gitignore', async () => {
    const files = { '.git/HEAD': 'ref', '.git/objects/ab': 'x', '.jina/cache': 'c', 'executor.py': 'code', 'config.yml': 'y' };
    assert.deepEqual(await names(await folderWith(files)), ['config.yml', 'executor.py']);
    const withIgnore = await folderWith({ ...files, '.gitignore': '!.git\n!.jina/\n' });
    assert.deepEqual(await names(withIgnore), ['.gitignore', 'config.yml', 'executor.py']);
  });
});

describe('listFolder: .gitignore', () => {
  it('applies the root .gitignore, negation included, and not the default list', async () => {
    const dir = await folderWith({
      '.gitignore': '# comment\n*.log\n!keep.log\nsecret.txt\n',
      'a.log': '',
      'keep.log': 'kept',
      'sub/b.log': '',
      'secret.txt': '',
      'sub/secret.txt': '',
      '__pycache__/x.pyc': '',
      'executor.py': '',
    });
    const listing = await listFolder(dir);
    assert.equal(listing.usedGitignore, true);
    assert.deepEqual(
      listing.entries.map((e) => e.name),
      ['.gitignore', '__pycache__/x.pyc', 'executor.py', 'keep.log'],
    );
  });

  it('applies directory rules to directories only', async () => {
    const dir = await folderWith({
      '.gitignore': 'models/\n/data\n',
      'models/big.bin': '',
      'sub/models/other.bin': '',
      'models.py': '',
      'data/x.csv': '',
      'sub/data/y.csv': '',
      'keep.txt': '',
    });
    assert.deepEqual(await names(dir), ['.gitignore', 'keep.txt', 'models.py', 'sub/data/y.csv']);
  });

  it('a file rule without slash matches a file of that name at any depth', async () => {
    const dir = await folderWith({ '.gitignore': 'notes.md\n', 'notes.md': '', 'a/b/notes.md': '', 'a/b/c.md': '' });
    assert.deepEqual(await names(dir), ['.gitignore', 'a/b/c.md']);
  });

  it('uses the default Python list when there is no .gitignore', async () => {
    const dir = await folderWith({
      '__pycache__/executor.cpython-311.pyc': '',
      'sub/__pycache__/m.pyc': '',
      'stray.pyc': '',
      'sub/stray.pyo': '',
      '.venv/bin/python': '',
      'venv/lib/x.py': '',
      '.env': 'SECRET=1',
      '.pytest_cache/v': '',
      '.idea/workspace.xml': '',
      'build/lib/x': '',
      'pkg.egg-info/PKG-INFO': '',
      '.DS_Store': '',
      'executor.py': '',
      'config.yml': '',
      'requirements.txt': '',
      '.env.example': 'KEY=',
    });
    const listing = await listFolder(dir);
    assert.equal(listing.usedGitignore, false);
    assert.deepEqual(
      listing.entries.map((e) => e.name),
      ['.env.example', 'config.yml', 'executor.py', 'requirements.txt'],
    );
  });

  it('applies a nested .gitignore within its folder only, relative to it', async () => {
    const dir = await folderWith({
      '.gitignore': '*.tmp\n',
      'a.tmp': '',
      'a.cache': '',
      'sub/.gitignore': '*.cache\n/local.txt\n!keep.tmp\n',
      'sub/b.cache': '',
      'sub/local.txt': '',
      'sub/deeper/local.txt': '',
      'sub/keep.tmp': '',
      'sub/drop.tmp': '',
      'other/c.cache': '',
    });
    assert.deepEqual(await names(dir), [
      '.gitignore',
      'a.cache',
      'other/c.cache',
      'sub/.gitignore',
      'sub/deeper/local.txt',
      'sub/keep.tmp',
    ]);
  });

  it('a nested .gitignore also applies without a root .gitignore (with the default list)', async () => {
    const dir = await folderWith({ 'sub/.gitignore': '*.txt\n', 'sub/a.txt': '', 'sub/a.py': '', 'x.pyc': '' });
    assert.deepEqual(await names(dir), ['sub/.gitignore', 'sub/a.py']);
  });
});

describe('listFolder: links', () => {
  it('includes a link to a file inside, read from the target', async () => {
    const dir = await folderWith({ 'real/model.txt': 'weights' });
    await fs.symlink(path.join('real', 'model.txt'), path.join(dir, 'link.txt'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['link.txt', 'real/model.txt']);
    const link = listing.entries.find((e) => e.name === 'link.txt');
    assert.ok(link);
    assert.equal(await fs.readFile(link.source, 'utf8'), 'weights');
    assert.equal(link.size, 'weights'.length);
    assert.deepEqual(listing.skippedLinks, []);
  });

  it('includes a linked folder inside', async () => {
    const dir = await folderWith({ 'real/a.txt': 'A' });
    await fs.symlink('real', path.join(dir, 'alias'));
    assert.deepEqual(await names(dir), ['alias/a.txt', 'real/a.txt']);
  });

  it('skips links that point outside and reports them', async () => {
    const outside = await folderWith({ 'secret.txt': 'do not ship', 'dir/x': 'x' });
    const dir = await folderWith({ 'a.txt': 'a' });
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(dir, 'out-file'));
    await fs.symlink(path.join(outside, 'dir'), path.join(dir, 'out-dir'));
    await fs.symlink('../' + path.basename(outside), path.join(dir, 'rel-out'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt']);
    assert.deepEqual(listing.skippedLinks.map((s) => s.name).sort(), ['out-dir', 'out-file', 'rel-out']);
    for (const s of listing.skippedLinks) assert.match(s.reason, /outside/);
  });

  it('reports a broken link', async () => {
    const dir = await folderWith({ 'a.txt': 'a' });
    await fs.symlink('missing.txt', path.join(dir, 'dangling'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt']);
    assert.deepEqual(listing.skippedLinks.map((s) => s.name), ['dangling']);
    assert.match(listing.skippedLinks[0]?.reason ?? '', /broken/);
  });

  it('reports a link loop instead of following it forever', async () => {
    const dir = await folderWith({ 'sub/a.txt': 'a', 'top.txt': 't' });
    await fs.symlink('..', path.join(dir, 'sub', 'up'));
    await fs.symlink('.', path.join(dir, 'sub', 'self'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['sub/a.txt', 'top.txt']);
    assert.deepEqual(listing.skippedLinks.map((s) => s.name).sort(), ['sub/self', 'sub/up']);
    for (const s of listing.skippedLinks) assert.match(s.reason, /loop/);
  });

  it('works when the folder itself is reached through a link', async () => {
    const dir = await folderWith({ 'a.txt': 'a', 'sub/b.txt': 'b' });
    const alias = path.join(await folderWith({}), 'alias');
    await fs.symlink(dir, alias);
    const listing = await listFolder(alias);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt', 'sub/b.txt']);
    assert.deepEqual(listing.skippedLinks, []);
  });

  it(
    "includes a link to a file inside whose name starts with '..'",
    async () => {
      const dir = await folderWith({ '..data': 'inside' });
      await fs.symlink('..data', path.join(dir, 'link'));
      const listing = await listFolder(dir);
      assert.deepEqual(listing.skippedLinks, []);
      assert.deepEqual(listing.entries.map((e) => e.name), ['..data', 'link']);
    },
  );
});

describe('listFolder: names and order', () => {
  it('sorts entries by UTF-8 byte order and joins names with /', async () => {
    const dir = await folderWith({
      'b.txt': '',
      'B.txt': '',
      'a.txt': '',
      'a/z.txt': '',
      'a-b.txt': '',
      'é.txt': '',
      'z.txt': '',
      '_u.txt': '',
    });
    const got = await names(dir);
    const expected = ['B.txt', '_u.txt', 'a-b.txt', 'a.txt', 'a/z.txt', 'b.txt', 'z.txt', 'é.txt'];
    assert.deepEqual(got, expected);
    for (const name of got) {
      assert.ok(!name.includes('\\'), name);
      assert.ok(!name.split('/').includes('..'), name);
      assert.ok(!name.startsWith('/'), name);
    }
  });

  it('records size and the executable bit', async () => {
    const dir = await folderWith({ 'run.sh': '#!/bin/sh\n', 'data.txt': '12345' });
    await fs.chmod(path.join(dir, 'run.sh'), 0o755);
    await fs.chmod(path.join(dir, 'data.txt'), 0o600);
    const listing = await listFolder(dir);
    const byName = Object.fromEntries(listing.entries.map((e) => [e.name, e]));
    assert.equal(byName['run.sh']?.executable, true);
    assert.equal(byName['data.txt']?.executable, false);
    assert.equal(byName['data.txt']?.size, 5);
  });

  it('lists nothing for empty folders', async () => {
    const dir = await folderWith({ 'empty/': '', 'nested/empty/': '' });
    assert.deepEqual(await names(dir), []);
  });
});

describe('compareNames', () => {
  it('orders by bytes, not by locale', () => {
    assert.ok(compareNames('B', 'a') < 0);
    assert.ok(compareNames('a.txt', 'a/b') < 0);
    assert.ok(compareNames('z', 'é') < 0);
    assert.equal(compareNames('x', 'x'), 0);
  });
});
