// Temp folders for tests that read the file system: made fresh per call, all removed after the file's tests.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

/** Registers the suite's temp root and returns `folderWith(files)`: name -> content, a name ending in '/' is a folder. */
export function tempFolders(prefix: string): (files: Record<string, string>) => Promise<string> {
  let base = '';
  let count = 0;
  before(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  after(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });
  return async (files) => {
    const dir = path.join(base, `f${count++}`);
    await fs.mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const full = path.join(dir, ...name.split('/'));
      if (name.endsWith('/')) {
        await fs.mkdir(full, { recursive: true });
        continue;
      }
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, content);
    }
    return dir;
  };
}
