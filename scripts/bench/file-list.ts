// The file list the zip writers of `--writers` share: every file under the folder (no .gitignore rules:
// the generated folder has nothing they would leave out), '/'-separated, in byte order of the names.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';

export interface ListedFile {
  name: string;
  source: string;
  /** Weights are stored; everything else is deflated. */
  store: boolean;
}

/** Local midnight of 1980-01-01, the timestamp every writer gives every entry. */
export const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

export async function listFiles(folder: string): Promise<ListedFile[]> {
  const root = path.resolve(folder);
  const names: string[] = [];
  async function visit(dir: string, rel: string): Promise<void> {
    for (const d of await fs.readdir(dir, { withFileTypes: true })) {
      const name = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await visit(path.join(dir, d.name), name);
      else if (d.isFile()) names.push(name);
    }
  }
  await visit(root, '');
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return names.map((name) => ({ name, source: path.join(root, name), store: /\.(onnx|bin)$/i.test(name) }));
}

/** A pass-through that counts and hashes what goes to the disk (as the action's packer does). */
export function md5Counter(): { stream: Transform; result: () => { size: number; md5: string } } {
  const hash = createHash('md5');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, md5: hash.digest('hex') }) };
}

export function usage(writer: string): { folder: string; out: string } {
  const [folder, out] = process.argv.slice(2);
  if (!folder || !out) {
    console.error(`usage: node bench-data/writers/${writer}/index.js <folder> <out.zip>`);
    process.exit(2);
  }
  return { folder, out };
}

/** Runs an entry's main (the bundles avoid top-level await, which ncc does not take): exit 1 on error. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  });
}
