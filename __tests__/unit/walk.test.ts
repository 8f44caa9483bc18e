import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { shownList } from '../../src/package/shown.js';
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
      // The clients' list (hubble/resources/Python.gitignore) keeps native libraries, and leaves out
      // caches, logs, CI folders, built docs and packaging leftovers.
      'native/lib.so': '',
      '.cache/pip/x': '',
      'logs/run.log': '',
      '.github/workflows/ci.yml': '',
      'site/index.html': '',
      'docs/site/kept.html': '',
      'wheels/a.whl': '',
      'MANIFEST': '',
      'tests/.hypothesis/x': '',
    });
    const listing = await listFolder(dir);
    assert.equal(listing.usedGitignore, false);
    assert.deepEqual(
      listing.entries.map((e) => e.name),
      ['.DS_Store', '.env.example', 'config.yml', 'docs/site/kept.html', 'executor.py', 'native/lib.so', 'requirements.txt'],
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
    assert.deepEqual(listing.leftOut, []);
  });

  it('packs a folder inside once: a link to it is named, not walked again', async () => {
    const dir = await folderWith({ 'real/a.txt': 'A' });
    await fs.symlink('real', path.join(dir, 'alias'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['real/a.txt']);
    assert.deepEqual(listing.leftOut, [{ name: 'alias', reason: 'it is a link to real, packed already' }]);
  });

  it('skips links that point outside and reports them', async () => {
    const outside = await folderWith({ 'secret.txt': 'do not ship', 'dir/x': 'x' });
    const dir = await folderWith({ 'a.txt': 'a' });
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(dir, 'out-file'));
    await fs.symlink(path.join(outside, 'dir'), path.join(dir, 'out-dir'));
    await fs.symlink('../' + path.basename(outside), path.join(dir, 'rel-out'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt']);
    assert.deepEqual(listing.leftOut.map((s) => s.name).sort(), ['out-dir', 'out-file', 'rel-out']);
    for (const s of listing.leftOut) assert.match(s.reason, /outside/);
  });

  it('reports a broken link', async () => {
    const dir = await folderWith({ 'a.txt': 'a' });
    await fs.symlink('missing.txt', path.join(dir, 'dangling'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt']);
    assert.deepEqual(listing.leftOut.map((s) => s.name), ['dangling']);
    assert.match(listing.leftOut[0]?.reason ?? '', /points to nothing/);
  });

  it('names a link loop instead of following it forever', async () => {
    const dir = await folderWith({ 'sub/a.txt': 'a', 'top.txt': 't' });
    await fs.symlink('..', path.join(dir, 'sub', 'up'));
    await fs.symlink('.', path.join(dir, 'sub', 'self'));
    const listing = await listFolder(dir);
    assert.deepEqual(listing.entries.map((e) => e.name), ['sub/a.txt', 'top.txt']);
    assert.deepEqual(listing.leftOut, [
      { name: 'sub/self', reason: 'it is a link to sub, packed already' },
      { name: 'sub/up', reason: 'it is a link to the executor folder itself, packed already' },
    ]);
  });

  it('works when the folder itself is reached through a link', async () => {
    const dir = await folderWith({ 'a.txt': 'a', 'sub/b.txt': 'b' });
    const alias = path.join(await folderWith({}), 'alias');
    await fs.symlink(dir, alias);
    const listing = await listFolder(alias);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt', 'sub/b.txt']);
    assert.deepEqual(listing.leftOut, []);
  });

  it(
    "includes a link to a file inside whose name starts with '..'",
    async () => {
      const dir = await folderWith({ '..data': 'inside' });
      await fs.symlink('..data', path.join(dir, 'link'));
      const listing = await listFolder(dir);
      assert.deepEqual(listing.leftOut, []);
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

describe('listFolder: what CI leaves behind', () => {
  it('leaves out .git and .jina at any depth, folders or files (a submodule, a secret the 0.26 client wrote)', async () => {
    const dir = await folderWith({
      'third_party/CLIP/.git': 'gitdir: ../../.git/modules/CLIP\n',
      'third_party/CLIP/clip.py': '',
      'sub/.git/HEAD': 'ref',
      'tests/.jina/secret.key': 'secret',
      'tests/test_x.py': '',
      '.gitignore': '*.tmp\n',
    });
    assert.deepEqual(await names(dir), ['.gitignore', 'tests/test_x.py', 'third_party/CLIP/clip.py']);
  });

  it('reads .gitignore lines trimmed, as the clients do', async () => {
    const dir = await folderWith({ '.gitignore': '  *.log  \n\t# not a comment for git, skipped by both\n', 'a.log': '', 'b.py': '' });
    assert.deepEqual(await names(dir), ['.gitignore', 'b.py']);
  });
});

describe('listFolder: links inside the repository', () => {
  it('follows a link to shared code elsewhere in the repository, and names a link out of it', async () => {
    const repo = await folderWith({ 'shared/util.py': 'u', 'shared/.gitignore': '*.tmp\n', 'shared/x.tmp': '', 'executors/enc/config.yml': '' });
    const outside = await folderWith({ 'secret.txt': 's' });
    const enc = path.join(repo, 'executors', 'enc');
    await fs.symlink('../../shared', path.join(enc, 'shared'));
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(enc, 'secret.txt'));
    const listing = await listFolder(enc, { repository: repo });
    assert.deepEqual(listing.entries.map((e) => e.name), ['config.yml', 'shared/.gitignore', 'shared/util.py']);
    assert.deepEqual(listing.leftOut.map((l) => l.name), ['secret.txt']);
    assert.match(listing.leftOut[0]?.reason ?? '', /outside the repository/);
    // Without the repository, the executor folder is the limit.
    assert.deepEqual((await listFolder(enc)).entries.map((e) => e.name), ['config.yml']);
  });

  it('does not walk a folder that holds the executor folder', async () => {
    const repo = await folderWith({ 'executors/enc/config.yml': '', 'README.md': '' });
    const enc = path.join(repo, 'executors', 'enc');
    await fs.symlink('../..', path.join(enc, 'top'));
    const listing = await listFolder(enc, { repository: repo });
    assert.deepEqual(listing.entries.map((e) => e.name), ['config.yml']);
    assert.match(listing.leftOut[0]?.reason ?? '', /holds the executor folder/);
  });

  it('walks each real folder once: a tree of links to other folders is linear, not exponential', async () => {
    // d0/d1/.../d17, and in each level two more links to the next level: walked link by link, 3^17 folders.
    const dir = await folderWith({ 'config.yml': '' });
    let level = dir;
    for (let i = 0; i < 18; i++) {
      const next = path.join(level, `d${i}`);
      await fs.mkdir(next);
      await fs.writeFile(path.join(next, 'f.txt'), String(i));
      if (i > 0) {
        await fs.symlink(`d${i}`, path.join(level, `a${i}`));
        await fs.symlink(`d${i}`, path.join(level, `b${i}`));
        await fs.symlink('..', path.join(next, 'up'));
      }
      level = next;
    }
    const started = performance.now();
    const listing = await listFolder(dir);
    const ms = performance.now() - started;
    assert.equal(listing.entries.length, 19); // config.yml and one f.txt per real folder
    assert.ok(listing.leftOut.every((l) => /packed already/.test(l.reason)));
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});

describe('listFolder: hostile folders', () => {
  it('leaves out a FIFO and a socket, naming them, without blocking', async () => {
    const dir = await folderWith({ 'a.txt': 'a' });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const net = await import('node:net');
    const server = net.createServer().listen(path.join(dir, 'sock'));
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const listing = await listFolder(dir);
      assert.deepEqual(listing.entries.map((e) => e.name), ['a.txt']);
      assert.deepEqual(listing.leftOut, [
        { name: 'pipe', reason: 'it is a named pipe (FIFO), not a file' },
        { name: 'sock', reason: 'it is a socket, not a file' },
      ]);
    } finally {
      server.close();
    }
  });

  it('skips an ignored name that is not valid UTF-8 with a note, and refuses one that is not ignored, escaped', async () => {
    const ignored = await folderWith({ '.gitignore': '*.bin\n', 'a.txt': 'a' });
    await fs.writeFile(Buffer.from(`${ignored}/caf\xe9.bin`, 'latin1'), 'x');
    const listing = await listFolder(ignored);
    assert.deepEqual(listing.entries.map((e) => e.name), ['.gitignore', 'a.txt']);
    assert.deepEqual(listing.leftOut, [{ name: 'caf\\xe9.bin', reason: 'its name is not valid UTF-8 (it is ignored anyway)' }]);

    const kept = await folderWith({ 'sub/a.txt': 'a' });
    await fs.writeFile(Buffer.from(`${kept}/sub/caf\xe9\n.txt`, 'latin1'), 'x');
    await assert.rejects(listFolder(kept), (err: Error) => {
      assert.equal(
        err.message,
        'this file name is not valid UTF-8 (shown escaped): "sub/caf\\xe9\\x0a.txt". A package entry needs a UTF-8 name: rename them, or add them to the .gitignore of the folder.',
      );
      return true;
    });
  });
});

describe('shownList', () => {
  it('shows the first few, then how many more, within a length', () => {
    assert.equal(shownList(['a', 'b', 'c'], 5), 'a, b, c');
    assert.equal(shownList(['a', 'b', 'c'], 2), 'a, b and 1 more');
    const long = 'x'.repeat(3000);
    const shown = shownList([long, long, long], 5, 1000);
    assert.ok(shown.length < 1100, String(shown.length));
    assert.match(shown, /^x{500}\.\.\. and 2 more$/);
  });
});

describe('listFolder: a special .gitignore', () => {
  it('reads a FIFO in place of .gitignore as none (the default list), without blocking', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = await folderWith({ 'a.py': '', 'a.log': '' });
    execFileSync('mkfifo', [path.join(dir, '.gitignore')]);
    const listing = await listFolder(dir);
    assert.equal(listing.usedGitignore, false);
    assert.deepEqual(listing.entries.map((e) => e.name), ['a.py']);
    assert.deepEqual(listing.leftOut, [{ name: '.gitignore', reason: 'it is a named pipe (FIFO), not a file' }]);
  });
});
