// Writes the package to a file as it is made, never holding it in memory: entries in the order given,
// fixed timestamps, permissions reduced to file/executable, so the same files give the same bytes
// anywhere. Incompressible content is stored; the rest is deflated on the thread pool, several
// blocks at once, so both cores work. The md5 and the size are computed on the way to the disk.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, readFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { PackEntry } from './walk.js';
import {
  METHOD_DEFLATE,
  METHOD_STORE,
  ZIP64_ENTRY_SIZE,
  centralHeader,
  dataDescriptor,
  endRecords,
  localHeader,
  type EntryRecord,
} from './zip-records.js';

export interface ZipResult {
  file: string;
  size: number;
  md5: string;
  entries: number;
  /** Bytes read from the folder. */
  contentBytes: number;
  /** How many entries were stored rather than deflated. */
  stored: number;
}

export interface PackProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

export interface ZipOptions {
  /** Called as files and bytes are packed (often: throttle it). */
  onProgress?(progress: PackProgress): void;
  /** Blocks deflated at once; default the number of cores. */
  parallel?: number;
}

/** Formats whose bytes are already compressed or random: stored, since deflating them costs time for nothing. */
const STORED_EXTENSIONS = new Set([
  '.onnx', '.bin', '.pt', '.pth', '.safetensors', '.h5', '.hdf5', '.pb', '.tflite', '.gguf', '.ggml', '.ckpt',
  '.npy', '.npz', '.pkl', '.joblib', '.msgpack', '.params', '.caffemodel', '.mlmodel', '.model',
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.lz4', '.7z', '.rar', '.whl', '.jar', '.egg',
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.heic', '.mp3', '.mp4', '.m4a', '.ogg', '.opus', '.flac',
  '.webm', '.mkv', '.mov', '.avi', '.woff', '.woff2', '.pdf',
]);

/** Deflate level: zlib's default, Info-ZIP's -6. */
const LEVEL = 6;
/** Files are read and deflated in blocks of this size; a file of one block is deflated whole. */
const BLOCK = 1 << 20;
/** Files from this size up are deflated on the thread pool, beside the main thread's work. */
const POOL_DEFLATE_MIN = 128 * 1024;
/** The deflate window: each block is primed with the 32 KiB before it, so blocks compress as one stream does. */
const WINDOW = 32 * 1024;
/** How much of a file's start is deflated to see whether it compresses. */
const PROBE_BYTES = 64 * 1024;
/** Stored when deflate saves less than this share of the probe. */
const MIN_SAVING = 0.1;
/** Upper bounds of the files, and of their bytes, read ahead and held while earlier entries are written. */
const AHEAD_FILES = 64;
const AHEAD_BYTES = 32 * BLOCK;

const deflateRaw = promisify(zlib.deflateRaw) as (buf: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

export function shouldStore(name: string): boolean {
  return STORED_EXTENSIONS.has(path.extname(name).toLowerCase());
}

export async function writeZip(entries: PackEntry[], file: string, options: ZipOptions = {}): Promise<ZipResult> {
  const sink = new Sink(file);
  const deflater = new Limiter(options.parallel ?? os.availableParallelism());
  const totalBytes = entries.reduce((sum, e) => sum + e.size, 0);
  const progress: PackProgress = { files: 0, totalFiles: entries.length, bytes: 0, totalBytes };
  const records: EntryRecord[] = [];
  let stored = 0;
  try {
    // Small files are read and deflated ahead, while earlier entries are written.
    const ahead = new ReadAhead(entries, (entry) => (entry.size <= BLOCK ? readSmall(entry, deflater) : undefined));
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as PackEntry;
      const small = await ahead.take(i);
      const record = small
        ? await writeSmall(sink, entry, small)
        : await writeLarge(sink, entry, deflater, (n) => {
            progress.bytes += n;
            options.onProgress?.(progress);
          });
      if (small) progress.bytes += entry.size;
      if (record.method === METHOD_STORE) stored++;
      records.push(record);
      progress.files++;
      options.onProgress?.(progress);
    }
    const directoryOffset = sink.offset;
    for (const record of records) await sink.write(centralHeader(record));
    await sink.write(endRecords(records.length, directoryOffset, sink.offset - directoryOffset));
    await sink.close();
  } catch (err) {
    sink.destroy();
    throw err;
  }
  return { file, size: sink.offset, md5: sink.md5(), entries: entries.length, contentBytes: progress.bytes, stored };
}

interface SmallFile {
  data: Buffer;
  crc: number;
  method: number;
  size: number;
}

/** A file of one block: read whole, deflated on the thread pool, stored when deflate does not make it smaller. */
async function readSmall(entry: PackEntry, deflater: Limiter): Promise<SmallFile> {
  // Read at once: for a small file one blocking read costs less than the four thread pool round trips of an async one.
  const raw = readFileSync(entry.source);
  if (raw.length !== entry.size) throw changed(entry);
  const crc = zlib.crc32(raw);
  if (raw.length > 0 && !shouldStore(entry.name)) {
    // A thread pool round trip costs more than deflating a small file here and now.
    const packed =
      raw.length < POOL_DEFLATE_MIN ? zlib.deflateRawSync(raw, { level: LEVEL }) : await deflater.run(() => deflateRaw(raw, { level: LEVEL }));
    if (packed.length < raw.length) return { data: packed, crc, method: METHOD_DEFLATE, size: raw.length };
  }
  return { data: raw, crc, method: METHOD_STORE, size: raw.length };
}

async function writeSmall(sink: Sink, entry: PackEntry, small: SmallFile): Promise<EntryRecord> {
  const record: EntryRecord = {
    name: Buffer.from(entry.name, 'utf8'),
    method: small.method,
    crc: small.crc,
    compressedSize: small.data.length,
    size: small.size,
    offset: sink.offset,
    mode: entry.executable ? 0o755 : 0o644,
    descriptor: false,
    zip64: false,
  };
  await sink.write(localHeader(record));
  await sink.write(small.data);
  return record;
}

/**
 * A file of several blocks, streamed: stored when its format or its first block says it will not
 * compress, else deflated block by block, `parallel` blocks at once, each primed with the window
 * before it and ended with a sync flush, so the blocks join into one deflate stream.
 */
async function writeLarge(sink: Sink, entry: PackEntry, deflater: Limiter, onBytes: (n: number) => void): Promise<EntryRecord> {
  const method = shouldStore(entry.name) || !(await compresses(entry.source)) ? METHOD_STORE : METHOD_DEFLATE;
  const record: EntryRecord = {
    name: Buffer.from(entry.name, 'utf8'),
    method,
    crc: 0,
    compressedSize: 0,
    size: 0,
    offset: sink.offset,
    mode: entry.executable ? 0o755 : 0o644,
    descriptor: true,
    zip64: entry.size >= ZIP64_ENTRY_SIZE,
  };
  await sink.write(localHeader(record));
  const start = sink.offset;

  const pending: Array<Promise<Buffer>> = [];
  let previous: Buffer | undefined;
  const flushOne = async () => {
    await sink.write(await (pending.shift() as Promise<Buffer>));
  };
  let position = 0;
  for await (const block of readBlocks(entry.source)) {
    record.crc = zlib.crc32(block, record.crc);
    record.size += block.length;
    position += block.length;
    onBytes(block.length);
    if (method === METHOD_STORE) {
      await sink.write(block);
      continue;
    }
    const last = position >= entry.size;
    const dictionary = previous ? previous.subarray(Math.max(0, previous.length - WINDOW)) : undefined;
    previous = block;
    const job = deflater.run(() =>
      deflateRaw(block, { level: LEVEL, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH, ...(dictionary ? { dictionary } : {}) }),
    );
    job.catch(() => undefined); // awaited in order below; this keeps an early failure from going unhandled
    pending.push(job);
    if (pending.length > deflater.size) await flushOne();
  }
  while (pending.length) await flushOne();
  // A file that grew or shrank would have its deflate stream ended at the wrong block.
  if (record.size !== entry.size) throw changed(entry);
  record.compressedSize = sink.offset - start;
  await sink.write(dataDescriptor(record));
  return record;
}

/** Deflates the first block quickly: does it get at least MIN_SAVING smaller? */
async function compresses(source: string): Promise<boolean> {
  const handle = await fs.open(source, 'r');
  try {
    const probe = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, 0);
    if (bytesRead === 0) return false;
    const packed = await deflateRaw(probe.subarray(0, bytesRead), { level: 1 });
    return packed.length <= bytesRead * (1 - MIN_SAVING);
  } finally {
    await handle.close();
  }
}

/** The file in blocks of exactly BLOCK bytes (the last one shorter). */
async function* readBlocks(source: string): AsyncGenerator<Buffer> {
  let carry: Buffer[] = [];
  let carried = 0;
  for await (const chunk of createReadStream(source, { highWaterMark: BLOCK })) {
    let data = chunk as Buffer;
    while (carried + data.length >= BLOCK) {
      const take = BLOCK - carried;
      carry.push(data.subarray(0, take));
      yield carry.length === 1 ? (carry[0] as Buffer) : Buffer.concat(carry);
      carry = [];
      carried = 0;
      data = data.subarray(take);
    }
    if (data.length) {
      carry.push(data);
      carried += data.length;
    }
  }
  if (carried) yield Buffer.concat(carry);
}

function changed(entry: PackEntry): Error {
  return new Error(`${entry.name} changed while it was packed: pack a folder that nothing writes to`);
}

/** Starts the preparation of entries ahead of the writer, within AHEAD_BYTES. */
class ReadAhead<T> {
  private readonly started: Array<Promise<T | undefined> | undefined> = [];
  private next = 0;
  private held = 0;

  constructor(
    private readonly entries: PackEntry[],
    private readonly prepare: (entry: PackEntry) => Promise<T> | undefined,
  ) {}

  async take(index: number): Promise<T | undefined> {
    this.fill(index);
    const result = await this.started[index];
    this.started[index] = undefined;
    const entry = this.entries[index] as PackEntry;
    if (entry.size <= BLOCK) this.held -= entry.size;
    return result;
  }

  private fill(index: number): void {
    while (this.next < this.entries.length) {
      const entry = this.entries[this.next] as PackEntry;
      // Stop at a large file: it is streamed when its turn comes, and what follows it waits.
      if (this.next > index && (entry.size > BLOCK || this.held + entry.size > AHEAD_BYTES || this.next - index >= AHEAD_FILES)) return;
      const job = this.prepare(entry);
      job?.catch(() => undefined); // awaited by take(); this keeps an early failure from going unhandled
      this.started[this.next] = job;
      if (entry.size <= BLOCK) this.held += entry.size;
      this.next++;
    }
  }
}

/** Runs at most `size` jobs at once. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly size: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** The zip file on disk, with the md5 and the size of every byte written. */
class Sink {
  offset = 0;
  private readonly hash = createHash('md5');
  private readonly stream: WriteStream;

  constructor(file: string) {
    this.stream = createWriteStream(file, { highWaterMark: 8 * BLOCK });
    // A failed write rejects the next write or close; after destroy() nothing more is reported.
    this.stream.on('error', (err) => (this.failure ??= err));
  }

  private failure: Error | undefined;

  async write(data: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.hash.update(data);
    this.offset += data.length;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
  }

  destroy(): void {
    this.stream.destroy();
  }

  md5(): string {
    return this.hash.digest('hex');
  }
}
