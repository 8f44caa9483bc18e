import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import yauzl from 'yauzl';
import { packFolder, type ExecutorPackage } from '../../src/package/index.js';
import { shouldStore, writeZip } from '../../src/package/zip.js';

interface ReadEntry {
  name: string;
  data: Buffer;
  mode: number;
  compressionMethod: number;
  extraFieldLength: number;
  modified: Date;
}

async function readZip(file: string): Promise<ReadEntry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out: ReadEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      out.push({
        name: entry.fileName,
        data: Buffer.concat(chunks),
        mode: entry.externalFileAttributes >>> 16,
        compressionMethod: entry.compressionMethod,
        extraFieldLength: entry.extraFieldLength,
        modified: entry.getLastModDate(),
      });
    }
  } finally {
    zip.close();
  }
  return out;
}

let base: string;
let count = 0;
const savedRunnerTemp = process.env.RUNNER_TEMP;
const packages: ExecutorPackage[] = [];

before(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'zip-test-'));
  process.env.RUNNER_TEMP = path.join(base, 'runner-temp');
});
after(async () => {
  for (const p of packages) await p.remove();
  if (savedRunnerTemp === undefined) delete process.env.RUNNER_TEMP;
  else process.env.RUNNER_TEMP = savedRunnerTemp;
  await fs.rm(base, { recursive: true, force: true });
});

type FileSpec = { content: string | Buffer; mode?: number };

async function folderWith(files: Array<[string, FileSpec]>, mtime?: Date): Promise<string> {
  const dir = path.join(base, `f${count++}`);
  await fs.mkdir(dir, { recursive: true });
  for (const [name, spec] of files) {
    const full = path.join(dir, ...name.split('/'));
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, spec.content);
    await fs.chmod(full, spec.mode ?? 0o644);
    if (mtime) await fs.utimes(full, mtime, mtime);
  }
  return dir;
}

async function pack(dir: string, name = 'MyExec'): Promise<ExecutorPackage> {
  const p = await packFolder(dir, name);
  packages.push(p);
  return p;
}

const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));

const FILES: Array<[string, FileSpec]> = [
  ['config.yml', { content: 'jtype: MyExec\nmetas:\n  name: MyExec\n' }],
  ['executor.py', { content: 'from jina import Executor\n'.repeat(50) }],
  ['run.sh', { content: '#!/bin/sh\necho hi\n', mode: 0o755 }],
  ['models/model.onnx', { content: random }],
  ['models/weights.bin', { content: Buffer.alloc(2048, 0) }],
  ['sub/deep/notes.txt', { content: 'héllo wörld\n' }],
  ['empty.txt', { content: '' }],
];

describe('packFolder', () => {
  it('writes a zip that reads back with the right names and contents', async () => {
    const dir = await folderWith([...FILES, ['.git/HEAD', { content: 'ref' }], ['__pycache__/x.pyc', { content: 'x' }]]);
    const p = await pack(dir);
    const entries = await readZip(p.file);
    const expected = [...FILES].map(([n]) => n).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(entries.map((e) => e.name), expected);
    assert.deepEqual(p.names, expected);
    assert.equal(p.entries, expected.length);
    for (const [name, spec] of FILES) {
      const got = entries.find((e) => e.name === name);
      assert.ok(got, name);
      assert.deepEqual(got.data, Buffer.from(spec.content), name);
    }
    assert.equal(p.usedGitignore, false);
  });

  it('gives the md5 and size of the file on disk, under RUNNER_TEMP', async () => {
    const p = await pack(await folderWith(FILES));
    const bytes = await fs.readFile(p.file);
    assert.equal(p.size, bytes.length);
    assert.equal((await fs.stat(p.file)).size, p.size);
    assert.equal(p.md5, createHash('md5').update(bytes).digest('hex'));
    assert.match(p.md5, /^[0-9a-f]{32}$/);
    assert.ok(p.file.startsWith(path.join(base, 'runner-temp') + path.sep), p.file);
    assert.equal(path.basename(p.file), 'MyExec.zip');
  });

  it('makes a safe file name from any executor name', async () => {
    const p = await pack(await folderWith([['a.txt', { content: 'a' }]]), '../we ird:name');
    assert.equal(path.dirname(path.dirname(p.file)), path.join(base, 'runner-temp'));
    assert.ok(!path.basename(p.file).includes('/'));
  });

  it('is reproducible: other folder, other mtimes, other creation order, other permissions give the same bytes', async () => {
    const one = await folderWith(FILES, new Date('2001-02-03T04:05:06Z'));
    const reordered = [...FILES].reverse().map(([n, s]): [string, FileSpec] => [
      n,
      { ...s, mode: s.mode === 0o755 ? 0o700 : 0o600 },
    ]);
    const two = await folderWith(reordered, new Date('2024-11-12T13:14:15Z'));
    const a = await pack(one);
    const b = await pack(two);
    assert.equal(a.md5, b.md5);
    assert.equal(a.size, b.size);
    assert.deepEqual(await fs.readFile(a.file), await fs.readFile(b.file));
  });

  it('differs when a content differs', async () => {
    const a = await pack(await folderWith(FILES));
    const changed = FILES.map(([n, s]): [string, FileSpec] => [n, n === 'executor.py' ? { content: 'changed' } : s]);
    const b = await pack(await folderWith(changed));
    assert.notEqual(a.md5, b.md5);
  });

  it('keeps the executable bit and reduces the other permission bits', async () => {
    const dir = await folderWith([
      ['run.sh', { content: 'x', mode: 0o755 }],
      ['owner-exec.sh', { content: 'x', mode: 0o700 }],
      ['group-write-exec', { content: 'x', mode: 0o775 }],
      ['private.txt', { content: 'x', mode: 0o600 }],
      ['shared.txt', { content: 'x', mode: 0o666 }],
      ['plain.txt', { content: 'x', mode: 0o644 }],
    ]);
    const modes = Object.fromEntries((await readZip((await pack(dir)).file)).map((e) => [e.name, e.mode]));
    assert.deepEqual(modes, {
      'run.sh': 0o100755,
      'owner-exec.sh': 0o100755,
      'group-write-exec': 0o100755,
      'private.txt': 0o100644,
      'shared.txt': 0o100644,
      'plain.txt': 0o100644,
    });
  });

  it('stores .onnx/.bin and deflates .py', async () => {
    const entries = await readZip((await pack(await folderWith(FILES))).file);
    const method = Object.fromEntries(entries.map((e) => [e.name, e.compressionMethod]));
    assert.equal(method['models/model.onnx'], 0);
    assert.equal(method['models/weights.bin'], 0);
    assert.equal(method['executor.py'], 8);
    assert.equal(method['config.yml'], 8);
  });

  it('writes the fixed 1980-01-01 timestamp and no extended-time extra field', async () => {
    const dir = await folderWith([['a.py', { content: 'x' }]], new Date('2020-05-05T05:05:05Z'));
    const [entry] = await readZip((await pack(dir)).file);
    assert.ok(entry);
    assert.equal(entry.modified.getTime(), new Date(1980, 0, 1, 0, 0, 0).getTime());
    assert.equal(entry.extraFieldLength, 0);
  });

  it('remove() deletes the package and its folder', async () => {
    const p = await packFolder(await folderWith([['a.txt', { content: 'a' }]]), 'X');
    await p.remove();
    await assert.rejects(fs.stat(path.dirname(p.file)), { code: 'ENOENT' });
  });

  it('packs an empty folder into a valid empty zip', async () => {
    const p = await pack(await folderWith([]));
    assert.equal(p.entries, 0);
    assert.deepEqual(await readZip(p.file), []);
  });
});

describe('writeZip', () => {
  it('packs the given entries under their names, in the order given', async () => {
    const dir = await folderWith([['src.txt', { content: 'payload' }]]);
    const out = path.join(dir, 'out.zip');
    const result = await writeZip(
      [
        { name: 'z/first.txt', source: path.join(dir, 'src.txt'), size: 7, executable: false },
        { name: 'a/second.sh', source: path.join(dir, 'src.txt'), size: 7, executable: true },
      ],
      out,
    );
    assert.equal(result.entries, 2);
    assert.equal(result.file, out);
    const entries = await readZip(out);
    assert.deepEqual(entries.map((e) => [e.name, e.data.toString(), e.mode]), [
      ['z/first.txt', 'payload', 0o100644],
      ['a/second.sh', 'payload', 0o100755],
    ]);
  });

  it('rejects when a source file is missing', async () => {
    const dir = await folderWith([]);
    await assert.rejects(
      writeZip([{ name: 'x', source: path.join(dir, 'missing'), size: 1, executable: false }], path.join(dir, 'o.zip')),
    );
  });
});

describe('shouldStore', () => {
  it('stores compressed or binary formats, any case, and deflates text', () => {
    for (const n of ['m.onnx', 'w.bin', 'M.ONNX', 'a/b.safetensors', 'x.tar.gz', 'pic.PNG']) assert.equal(shouldStore(n), true, n);
    for (const n of ['executor.py', 'config.yml', 'README.md', 'Dockerfile', 'onnx', '.bin.txt']) assert.equal(shouldStore(n), false, n);
  });
});
