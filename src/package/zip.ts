// Writes the package to a file as it is made: entries in the order given, fixed timestamps,
// permissions reduced to file/executable, so the same files give the same bytes anywhere.
// The md5 and the size are computed on the way to the disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { PackEntry } from './walk.js';

export interface ZipResult {
  file: string;
  size: number;
  md5: string;
  entries: number;
}

/** Local midnight of 1980-01-01: the DOS epoch, so every time zone writes the same fields. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Formats whose bytes are already compressed or random: stored, since deflating them costs time for nothing. */
const STORED_EXTENSIONS = new Set([
  '.onnx', '.bin', '.pt', '.pth', '.safetensors', '.h5', '.hdf5', '.pb', '.tflite', '.gguf', '.ckpt', '.npy', '.npz',
  '.pkl', '.joblib', '.msgpack', '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.whl', '.jar',
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.mp3', '.mp4', '.ogg', '.flac', '.webm', '.mkv', '.mov',
]);

export function shouldStore(name: string): boolean {
  return STORED_EXTENSIONS.has(path.extname(name).toLowerCase());
}

export async function writeZip(entries: PackEntry[], file: string): Promise<ZipResult> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addFile(entry.source, entry.name, {
      mtime: FIXED_TIME,
      mode: entry.executable ? 0o100755 : 0o100644,
      compress: !shouldStore(entry.name),
      forceDosTimestamp: true,
    });
  }
  zip.end();

  const hash = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const failed = new Promise<never>((_, reject) => zip.once('error', reject));
  await Promise.race([pipeline(zip.outputStream, measure, createWriteStream(file)), failed]);
  return { file, size, md5: hash.digest('hex'), entries: entries.length };
}
