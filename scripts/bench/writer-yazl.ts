// Bundled with ncc into bench-data/writers/yazl: zips the folder with yazl 3 (zlib level 6), weights
// stored (compressionLevel 0), the rest deflated; prints {size, md5, entries}.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { FIXED_TIME, listFiles, md5Counter, runMain, usage } from './file-list.js';

runMain(async () => {
  const { folder, out } = usage('yazl');
  const files = await listFiles(folder);
  const zip = new yazl.ZipFile();
  for (const f of files) {
    zip.addFile(f.source, f.name, { mtime: FIXED_TIME, mode: 0o100644, compressionLevel: f.store ? 0 : 6, forceDosTimestamp: true });
  }
  zip.end();
  const counter = md5Counter();
  const failed = new Promise<never>((_, reject) => zip.once('error', reject));
  await Promise.race([pipeline(zip.outputStream, counter.stream, createWriteStream(out)), failed]);
  console.log(JSON.stringify({ ...counter.result(), entries: files.length }));
});
