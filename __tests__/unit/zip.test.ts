import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, writeFileSync } from 'node:fs';
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

/** Deterministic bytes that do not compress (a seeded xorshift stream). */
function noise(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Text that deflates well but is not one repeated line: a few MB of it spans several blocks. */
function prose(length: number): Buffer {
  const words = ['tensor', 'encoder', 'batch', 'embedding', 'request', 'docarray', 'jina', 'executor', 'flow', 'gateway'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const line = `${i}: ${words[i % 7]} ${words[(i * 3) % 10]} ${words[(i * 5 + 1) % 9]} = ${(i * 2654435761) % 10007}\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, length);
}

describe('what is stored and what is deflated', () => {
  it('deflates a compressible file of several blocks, in parallel, and it reads back whole', async () => {
    const text = prose(3 * 1024 * 1024 + 12_345);
    const dir = await folderWith([['data/vocab.txt', { content: text }]]);
    const p = await pack(dir);
    const [entry] = await readZip(p.file);
    assert.equal(entry?.compressionMethod, 8);
    assert.ok(entry && entry.data.equals(text), 'content read back differs');
    assert.ok(p.size < text.length / 3, `package ${p.size} bytes for ${text.length} bytes of text`);
  });

  it('gives the same bytes whether blocks are deflated one at a time or several at once', async () => {
    const dir = await folderWith([
      ['a.txt', { content: prose(2_500_000) }],
      ...Array.from({ length: 40 }, (_, i): [string, FileSpec] => [`src/m${i}.py`, { content: prose(5_000 + i * 100) }]),
    ]);
    const listing = (await import('../../src/package/walk.js')).listFolder;
    const { entries } = await listing(dir);
    const one = await writeZip(entries, path.join(base, `serial-${count}.zip`), { parallel: 1 });
    const many = await writeZip(entries, path.join(base, `parallel-${count}.zip`), { parallel: 4 });
    assert.equal(one.md5, many.md5);
    assert.equal(one.size, many.size);
  });

  it('stores a large file of unknown format whose first block does not compress', async () => {
    const dir = await folderWith([['blob.dat', { content: noise(2 * 1024 * 1024 + 3) }]]);
    const p = await pack(dir);
    const [entry] = await readZip(p.file);
    assert.equal(entry?.compressionMethod, 0);
    assert.equal(p.stored, 1);
    assert.ok(entry?.data.equals(noise(2 * 1024 * 1024 + 3)));
  });

  it('stores a small file that deflate would not make smaller, and deflates one it would', async () => {
    const dir = await folderWith([
      ['tiny.txt', { content: 'hi' }],
      ['random.txt', { content: noise(20_000, 7) }],
      ['code.py', { content: 'print(1)\n'.repeat(100) }],
    ]);
    const p = await pack(dir);
    const methods = Object.fromEntries((await readZip(p.file)).map((e) => [e.name, e.compressionMethod]));
    assert.deepEqual(methods, { 'code.py': 8, 'random.txt': 0, 'tiny.txt': 0 });
  });

  it('reports progress up to every file and byte', async () => {
    const dir = await folderWith([
      ['big.txt', { content: prose(2_200_000) }],
      ['a.py', { content: 'x = 1\n' }],
    ]);
    const seen: Array<{ files: number; bytes: number }> = [];
    const p = await packFolder(dir, 'Progress', { onProgress: (q) => seen.push({ files: q.files, bytes: q.bytes }) });
    packages.push(p);
    const last = seen.at(-1);
    assert.deepEqual(last, { files: 2, bytes: 2_200_000 + 6 });
    assert.ok(seen.length > 2, 'progress is reported within a large file too');
    assert.ok(seen.every((q, i) => i === 0 || (q.bytes >= (seen[i - 1]?.bytes ?? 0) && q.files >= (seen[i - 1]?.files ?? 0))));
  });

  it('fails with a sentence naming a file that changed size while it was packed', async () => {
    const dir = await folderWith([['grows.txt', { content: prose(1_500_000) }]]);
    const entries = [{ name: 'grows.txt', source: path.join(dir, 'grows.txt'), size: 1_400_000, executable: false }];
    await assert.rejects(writeZip(entries, path.join(base, `changed-${count}.zip`)), /grows\.txt changed while it was packed/);
  });
});

describe('zip64', () => {
  it('writes more than 65,535 entries, and another reader (Python zipfile) reads them all', async () => {
    const dir = path.join(base, `many-${count++}`);
    await fs.mkdir(dir);
    const total = 65_600;
    for (let i = 0; i < total; i++) writeFileSync(path.join(dir, `f${i}.txt`), `${i}`);
    const p = await pack(dir);
    assert.equal(p.entries, total);
    const python = pythonZipCheck(p.file);
    assert.equal(python.entries, total);
    assert.equal(python.bad, null);
  });

  it('stores a file over 4 GB, and another reader (Python zipfile) reads its size and checks its CRC', async (t) => {
    // The package holds the 4.3 GB for real (the source is sparse, the zip is not).
    const { bavail, bsize } = await fs.statfs(os.tmpdir());
    if (bavail * bsize < 6 * 1024 ** 3) {
      t.skip(`needs 6 GiB free in ${os.tmpdir()}, has ${((bavail * bsize) / 1024 ** 3).toFixed(1)} GiB`);
      return;
    }
    const dir = await folderWith([['config.yml', { content: 'jtype: Big\n' }]]);
    const size = 4_300_000_007; // over 2^32, and odd, so no size field could hold it by luck
    await fs.writeFile(path.join(dir, 'weights.bin'), '');
    await fs.truncate(path.join(dir, 'weights.bin'), size); // sparse: no disk is used for its zeros
    const p = await pack(dir);
    try {
      assert.ok(p.size > size);
      const python = pythonZipCheck(p.file);
      assert.equal(python.entries, 2);
      assert.equal(python.sizes['weights.bin'], size);
      assert.equal(python.bad, null);
    } finally {
      await p.remove();
    }
  });
});

/** Reads the zip with Python's zipfile (an independent reader): entry count and the first bad CRC, if any. */
export function pythonZipCheck(file: string): { entries: number; bad: string | null; sizes: Record<string, number> } {
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'infos = z.infolist()',
    'print(json.dumps({"entries": len(infos), "bad": z.testzip(), "sizes": {i.filename: i.file_size for i in infos[:5]}}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as {
    entries: number;
    bad: string | null;
    sizes: Record<string, number>;
  };
}

describe('shouldStore', () => {
  it('stores compressed or binary formats, any case, and deflates text', () => {
    for (const n of ['m.onnx', 'w.bin', 'M.ONNX', 'a/b.safetensors', 'x.tar.gz', 'pic.PNG']) assert.equal(shouldStore(n), true, n);
    for (const n of ['executor.py', 'config.yml', 'README.md', 'Dockerfile', 'onnx', '.bin.txt']) assert.equal(shouldStore(n), false, n);
  });
});

describe('hostile folders while packing', () => {
  /** The package folders left in RUNNER_TEMP. */
  async function leftInTemp(): Promise<string[]> {
    return (await fs.readdir(process.env.RUNNER_TEMP as string).catch(() => [])).filter((n) => n.startsWith('hub-push-'));
  }

  /** Rejects when `work` has not settled within `ms` (a blocked read would never settle). */
  async function within<T>(ms: number, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  for (const [label, size] of [
    ['a small file', 10],
    ['a large file', 3 * 1024 * 1024],
  ] as const) {
    it(`a FIFO put in place of ${label} after the walk fails the pack at once, and nothing is left in RUNNER_TEMP`, async () => {
      const before = await leftInTemp();
      const dir = await folderWith([
        ['a.txt', { content: 'a' }],
        ['swapped.txt', { content: Buffer.alloc(size, 1) }],
      ]);
      const swapped = path.join(dir, 'swapped.txt');
      const packing = packFolder(dir, 'Swap', {
        onCreated: () => {
          // After the walk, before any file is read.
          execFileSync('rm', [swapped]);
          execFileSync('mkfifo', [swapped]);
        },
      });
      await assert.rejects(within(5000, packing), /^Error: swapped\.txt became a named pipe \(FIFO\) while the package was made/);
      assert.deepEqual(await leftInTemp(), before);
    });
  }

  it('a cancelled pack leaves nothing in RUNNER_TEMP', async () => {
    const before = await leftInTemp();
    const dir = await folderWith([
      ['a.bin', { content: Buffer.alloc(3 * 1024 * 1024, 7) }],
      ['b.bin', { content: Buffer.alloc(3 * 1024 * 1024, 8) }],
    ]);
    const controller = new AbortController();
    const packing = packFolder(dir, 'Cancelled', { signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled')) });
    await assert.rejects(packing, /cancelled/);
    assert.deepEqual(await leftInTemp(), before);
  });

  it('names the Git LFS pointers it packs', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 58720256\n';
    const p = await pack(
      await folderWith([
        ['models/b.onnx', { content: pointer }],
        ['models/a.bin', { content: pointer }],
        ['notes.md', { content: `The pointer format:\n${pointer}` }],
        ['config.yml', { content: 'metas:\n  name: X\n' }],
      ]),
    );
    assert.deepEqual(p.lfsPointers, ['models/a.bin', 'models/b.onnx']);
  });
});

describe('a pack cancelled before its folder is made', () => {
  it('makes no folder in RUNNER_TEMP', async () => {
    const before = (await fs.readdir(process.env.RUNNER_TEMP as string).catch(() => [])).length;
    const controller = new AbortController();
    controller.abort(new Error('cancelled early'));
    await assert.rejects(packFolder(await folderWith([['a.txt', { content: 'a' }]]), 'Early', { signal: controller.signal }), /cancelled early/);
    assert.equal((await fs.readdir(process.env.RUNNER_TEMP as string).catch(() => [])).length, before);
  });
});
