// Reading the folder's small text files (config.yml, manifest.yml, requirements.txt, .gitignore)
// without ever blocking: opened non-blocking and checked to be a regular file before a byte is read,
// so a FIFO or a device in a file's place reads as no file at all.
import { constants, promises as fs } from 'node:fs';

/** Opens for reading without blocking: a FIFO or a device opened so never holds the step (signals included). */
export const OPEN_WITHOUT_BLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's text, or undefined when there is no regular file there (missing, a folder, a FIFO, a device...). */
export async function readRegularText(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_WITHOUT_BLOCKING);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENXIO' || code === 'EISDIR' || code === 'ELOOP') return undefined;
    throw err;
  }
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
