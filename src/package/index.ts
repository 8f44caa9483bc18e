// The package: which files, then the zip on disk with its md5 and size.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFolder, type SkippedLink } from './walk.js';
import { writeZip, type ZipOptions, type ZipResult } from './zip.js';

export interface ExecutorPackage extends ZipResult {
  skippedLinks: SkippedLink[];
  usedGitignore: boolean;
  /** The names packed, in zip order. */
  names: string[];
  /** Removes the package and its folder. */
  remove(): Promise<void>;
}

/** Packs `folder` into a zip under RUNNER_TEMP (else the system's temp folder). */
export async function packFolder(folder: string, name: string, options: ZipOptions = {}): Promise<ExecutorPackage> {
  const listing = await listFolder(folder);
  const tempRoot = process.env.RUNNER_TEMP || os.tmpdir();
  await fs.mkdir(tempRoot, { recursive: true });
  const dir = await fs.mkdtemp(path.join(tempRoot, 'hub-push-'));
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.zip`);
  const zip = await writeZip(listing.entries, file, options);
  return {
    ...zip,
    skippedLinks: listing.skippedLinks,
    usedGitignore: listing.usedGitignore,
    names: listing.entries.map((e) => e.name),
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
