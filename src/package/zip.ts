// Writes the package to a file as it is made, never holding it in memory: entries in the order given,
// fixed timestamps, permissions reduced to file/executable, so the same files give the same bytes
// anywhere. Incompressible content is stored; small files are deflated here while large ones are
// deflated on the thread pool, several blocks at once, so both cores work. The md5 and the size are computed on the way to the disk.
import { createHash } from 'node:crypto';
import { closeSync, promises as fs, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { OPEN_WITHOUT_BLOCKING } from '../files.js';
import { BufferRing, readThroughRing, type RingBuffer } from './buffer-ring.js';
import { deflateHere, PoolDeflater } from './deflate.js';
import { LFS_POINTER_MAX_BYTES, LFS_POINTER_START } from './lfs.js';
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
  /** The entries that are Git LFS pointers (the checkout did not fetch the real content), in zip order. */
  lfsPointers: string[];
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
  /** Blocks deflated at once on the thread pool; default one per core. */
  parallel?: number;
  /** Stops the packing between two blocks (e.g. when the workflow is cancelled). */
  signal?: AbortSignal;
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
/** Files from this size up are deflated on the thread pool, beside this thread's work. */
const POOL_DEFLATE_MIN = 128 * 1024;
/** The deflate window: each block is primed with the 32 KiB before it, so blocks compress as one stream does. */
const WINDOW = 32 * 1024;
/** How much of a file's start is deflated to see whether it compresses. */
const PROBE_BYTES = 64 * 1024;
/** Stored when deflate saves less than this share of the probe. */
const MIN_SAVING = 0.1;
/** Upper bounds of the files, and of their bytes, read ahead and held while earlier entries are written. */
const AHEAD_FILES = 64;
const AHEAD_BYTES = 16 * BLOCK;

export function shouldStore(name: string): boolean {
  return STORED_EXTENSIONS.has(path.extname(name).toLowerCase());
}

export async function writeZip(entries: PackEntry[], file: string, options: ZipOptions = {}): Promise<ZipResult> {
  const sink = await Sink.open(file);
  const deflater = new PoolDeflater(options.parallel ?? os.availableParallelism());
  const totalBytes = entries.reduce((sum, e) => sum + e.size, 0);
  const progress: PackProgress = { files: 0, totalFiles: entries.length, bytes: 0, totalBytes };
  const records: EntryRecord[] = [];
  const lfsPointers: string[] = [];
  let stored = 0;
  try {
    // Small files are read and deflated ahead, while earlier entries are written.
    const ahead = new ReadAhead(entries, (entry) => (entry.size <= BLOCK ? readSmall(entry, deflater) : undefined));
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as PackEntry;
      options.signal?.throwIfAborted();
      const small = await ahead.take(i);
      const record = small
        ? await writeSmall(sink, entry, small)
        : await writeLarge(sink, entry, deflater, (n) => {
            options.signal?.throwIfAborted();
            progress.bytes += n;
            options.onProgress?.(progress);
          });
      if (small) progress.bytes += entry.size;
      if (small?.lfsPointer) lfsPointers.push(entry.name);
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
    await sink.destroy();
    throw err;
  }
  return { file, size: sink.offset, md5: sink.md5(), entries: entries.length, contentBytes: progress.bytes, stored, lfsPointers };
}

interface SmallFile {
  data: Buffer;
  crc: number;
  method: number;
  size: number;
  lfsPointer: boolean;
}

/** How every Git LFS pointer file starts (a pointer is under 1 KiB: always a small file here). */
const LFS_POINTER = Buffer.from(LFS_POINTER_START);

// Files are opened without blocking (as the folder's text files are, files.ts) and checked to be
// regular files before a byte is read: a FIFO or a device put in a file's place after the walk would
// otherwise block the step.

function openRegularSync(entry: PackEntry): number {
  const fd = openSync(entry.source, OPEN_WITHOUT_BLOCKING);
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw notAFile(entry, stat);
  }
  return fd;
}

async function openRegular(entry: PackEntry): Promise<FileHandle> {
  const handle = await fs.open(entry.source, OPEN_WITHOUT_BLOCKING);
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw notAFile(entry, stat);
  }
  return handle;
}

function notAFile(entry: PackEntry, stat: Stats): Error {
  const kind = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : stat.isDirectory() ? 'a folder' : 'a device';
  return new Error(`${entry.name} became ${kind} while the package was made: pack a folder that nothing writes to`);
}

/**
 * Small files deflated on this thread are read into this one buffer, used and done with before the
 * next file is read (no await in between): only what is kept (the deflated bytes) is allocated.
 */
const scratch = { buffer: Buffer.alloc(0) };

/** Reads the file into the scratch buffer (one byte more than expected, to see it grew) and closes it. */
function readIntoScratch(entry: PackEntry): Buffer {
  const want = entry.size + 1;
  if (scratch.buffer.length < want) scratch.buffer = Buffer.allocUnsafe(Math.max(want, POOL_DEFLATE_MIN + 1));
  const fd = openRegularSync(entry);
  try {
    let got = 0;
    for (let n = -1; n !== 0 && got < want; got += n) n = readSync(fd, scratch.buffer, got, want - got, null);
    return scratch.buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const isLfsPointer = (raw: Buffer) => raw.length < LFS_POINTER_MAX_BYTES && raw.subarray(0, LFS_POINTER.length).equals(LFS_POINTER);

/** A file of one block: read whole, deflated on the thread pool, stored when deflate does not make it smaller. */
async function readSmall(entry: PackEntry, deflater: PoolDeflater): Promise<SmallFile> {
  if (entry.size < POOL_DEFLATE_MIN && entry.size > 0 && !shouldStore(entry.name)) {
    // Read, hashed and deflated here without an await: the scratch buffer is free again on return.
    const raw = readIntoScratch(entry);
    if (raw.length !== entry.size) throw changed(entry);
    const crc = zlib.crc32(raw);
    const lfsPointer = isLfsPointer(raw);
    const packed = deflateHere(raw, { level: LEVEL });
    if (packed.length < raw.length) return { data: packed, crc, method: METHOD_DEFLATE, size: raw.length, lfsPointer };
    return { data: Buffer.from(raw), crc, method: METHOD_STORE, size: raw.length, lfsPointer };
  }
  // Read at once: for a small file one blocking read costs less than the four thread pool round trips of an async one.
  const fd = openRegularSync(entry);
  let raw: Buffer;
  try {
    raw = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  if (raw.length !== entry.size) throw changed(entry);
  const crc = zlib.crc32(raw);
  const lfsPointer = isLfsPointer(raw);
  if (raw.length > 0 && !shouldStore(entry.name)) {
    const packed = raw.length < POOL_DEFLATE_MIN ? deflateHere(raw, { level: LEVEL }) : await deflater.deflate(raw, { level: LEVEL });
    if (packed.length < raw.length) return { data: packed, crc, method: METHOD_DEFLATE, size: raw.length, lfsPointer };
  }
  return { data: raw, crc, method: METHOD_STORE, size: raw.length, lfsPointer };
}

async function writeSmall(sink: Sink, entry: PackEntry, small: SmallFile): Promise<EntryRecord> {
  const record: EntryRecord = {
    name: nameBytes(entry.name),
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
async function writeLarge(sink: Sink, entry: PackEntry, deflater: PoolDeflater, onBytes: (n: number) => void): Promise<EntryRecord> {
  const method = shouldStore(entry.name) || !(await compresses(entry)) ? METHOD_STORE : METHOD_DEFLATE;
  const record: EntryRecord = {
    name: nameBytes(entry.name),
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
  let previous: { block: Buffer; held: RingBuffer } | undefined;
  const flushOne = async () => {
    await sink.write(await (pending.shift() as Promise<Buffer>));
  };
  let position = 0;
  // Blocks are read into the sink's ring of buffers. A stored block is held until the sink's write
  // of it ends; a deflated one until its deflate and the next block's (whose window it is) end.
  const ring = sink.blockRing(deflater.size);
  for await (const { block, held } of readThroughRing(await openRegular(entry), ring)) {
    record.crc = zlib.crc32(block, record.crc);
    record.size += block.length;
    position += block.length;
    onBytes(block.length);
    if (method === METHOD_STORE) {
      ring.hold(held, (await sink.write(block)).done);
      continue;
    }
    const last = position >= entry.size;
    const dictionary = previous ? previous.block.subarray(Math.max(0, previous.block.length - WINDOW)) : undefined;
    const job = deflater.deflate(block, {
      level: LEVEL,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      ...(dictionary ? { dictionary } : {}),
    });
    job.catch(() => undefined); // awaited in order below; this keeps an early failure from going unhandled
    ring.hold(held, job);
    if (previous) ring.hold(previous.held, job);
    previous = { block, held };
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
async function compresses(entry: PackEntry): Promise<boolean> {
  const handle = await openRegular(entry);
  try {
    const probe = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, 0);
    if (bytesRead === 0) return false;
    const packed = deflateHere(probe.subarray(0, bytesRead), { level: 1 });
    return packed.length <= bytesRead * (1 - MIN_SAVING);
  } finally {
    await handle.close();
  }
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

/** Writes on the thread pool at once. */
const WRITES_IN_FLIGHT = 2;
/** Small writes (headers, small files) are gathered into one write of up to this size. */
const GATHER_BYTES = BLOCK;

/** What the sink does with the bytes given to write(): `done` ends once it no longer needs that buffer. */
interface Written {
  done: Promise<unknown>;
}
const COPIED: Written = { done: Promise.resolve() };

/**
 * The zip file on disk, with the md5 and the size of every byte written. Each write is hashed at
 * once and written at its own offset, so hashing the next data overlaps writing this one. Small
 * writes are gathered into one of two reused buffers; the other is being written meanwhile.
 */
class Sink {
  offset = 0;
  private readonly hash = createHash('md5');
  private readonly writes: Array<Promise<unknown>> = [];
  private readonly gatherRing = new BufferRing(2, GATHER_BYTES);
  private gathered: RingBuffer | undefined;
  private gatheredBytes = 0;
  private written = 0;
  private blocks: BufferRing | undefined;

  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<Sink> {
    const sink = new Sink(await fs.open(file, 'w'));
    sink.gathered = await sink.gatherRing.next();
    return sink;
  }

  /** The ring large files are read into: a block for each deflate in flight, the one being read, and its window. */
  blockRing(parallel: number): BufferRing {
    this.blocks ??= new BufferRing(parallel + 3, BLOCK);
    return this.blocks;
  }

  /** Hashes and writes `data`; the caller may reuse `data` once the result's `done` has ended. */
  async write(data: Buffer): Promise<Written> {
    this.hash.update(data);
    this.offset += data.length;
    if (data.length <= GATHER_BYTES / 4) {
      if (this.gatheredBytes + data.length > GATHER_BYTES) await this.flushGathered();
      data.copy((this.gathered as RingBuffer).buffer, this.gatheredBytes);
      this.gatheredBytes += data.length;
      return COPIED;
    }
    await this.flushGathered();
    const done = this.startWrite(data);
    await this.throttle();
    return { done };
  }

  async close(): Promise<void> {
    await this.flushGathered();
    while (this.writes.length) await this.writes.shift();
    await this.handle.close();
  }

  async destroy(): Promise<void> {
    await Promise.allSettled(this.writes);
    await this.handle.close().catch(() => undefined);
  }

  md5(): string {
    return this.hash.digest('hex');
  }

  /** Writes the gathered bytes; the gather buffer is held until that write ends, and the other one taken. */
  private async flushGathered(): Promise<void> {
    if (!this.gatheredBytes) return;
    const current = this.gathered as RingBuffer;
    this.gatherRing.hold(current, this.startWrite(current.buffer.subarray(0, this.gatheredBytes)));
    this.gatheredBytes = 0;
    this.gathered = await this.gatherRing.next();
    await this.throttle();
  }

  /** Starts writing `data` at the next offset; the buffer is in use until the returned job ends. */
  private startWrite(data: Buffer): Promise<unknown> {
    const at = this.written;
    this.written += data.length;
    const job = this.handle.write(data, 0, data.length, at);
    job.catch(() => undefined); // awaited in throttle() or close(); this keeps an early failure from going unhandled
    this.writes.push(job);
    return job;
  }

  private async throttle(): Promise<void> {
    while (this.writes.length > WRITES_IN_FLIGHT) await this.writes.shift();
  }
}

/**
 * The entry's name in UTF-8, in memory of its own: every record keeps its name until the central
 * directory is written, and a name taken from Buffer's shared pool would keep the whole pool slab
 * (64 KiB on Node 24) alive with it, and with it whatever else was allocated there.
 */
function nameBytes(name: string): Buffer {
  const bytes = new TextEncoder().encode(name);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
