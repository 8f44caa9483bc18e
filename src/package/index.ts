// The package: which files, then the zip on disk with its md5 and size. A pack that fails or is
// cancelled leaves nothing behind in RUNNER_TEMP.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFolder, type LeftOut } from './walk.js';
import { writeZip, type ZipOptions, type ZipResult } from './zip.js';

export interface ExecutorPackage extends ZipResult {
  /** Links, special files and undecodable ignored names not packed, each with why. */
  leftOut: LeftOut[];
  usedGitignore: boolean;
  /** The names packed, in zip order. */
  names: string[];
  /** Removes the package and its folder. */
  remove(): Promise<void>;
}

export interface PackOptions extends ZipOptions {
  /** Links are followed only to targets inside this folder (default: the executor folder). */
  repository?: string;
  /**
   * Called with the removal of the package's folder as soon as that folder exists, so that a run
   * ended before packFolder returns (a cancellation) can still remove it.
   */
  onCreated?(remove: () => Promise<void>): void;
}

/** Packs `folder` into a zip under RUNNER_TEMP (else the system's temp folder). */
export async function packFolder(folder: string, name: string, options: PackOptions = {}): Promise<ExecutorPackage> {
  const listing = await listFolder(folder, { repository: options.repository, signal: options.signal });
  // A run cancelled meanwhile may already have done its cleanup: no folder is made after the signal.
  options.signal?.throwIfAborted();
  const tempRoot = process.env.RUNNER_TEMP || os.tmpdir();
  await fs.mkdir(tempRoot, { recursive: true });
  const dir = await fs.mkdtemp(path.join(tempRoot, 'hub-push-'));
  const remove = () => fs.rm(dir, { recursive: true, force: true });
  options.onCreated?.(remove);
  if (options.signal?.aborted) {
    await remove();
    options.signal.throwIfAborted();
  }
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.zip`);
  let zip: ZipResult;
  try {
    zip = await writeZip(listing.entries, file, options);
  } catch (err) {
    await remove();
    throw err;
  }
  return {
    ...zip,
    leftOut: listing.leftOut,
    usedGitignore: listing.usedGitignore,
    names: listing.entries.map((e) => e.name),
    remove,
  };
}
