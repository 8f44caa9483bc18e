// Bundled with ncc into bench-data/writers/archiver: zips the folder with archiver 8 (zlib level 6),
// weights stored, the rest deflated; prints {size, md5, entries}.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ZipArchive, type ZipEntryData } from 'archiver';
import { FIXED_TIME, listFiles, md5Counter, runMain, usage } from './file-list.js';

runMain(async () => {
  const { folder, out } = usage('archiver');
  const files = await listFiles(folder);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  for (const f of files) {
    // archiver's file() is typed with the common EntryData; the zip format reads `store` from ZipEntryData.
    const data: ZipEntryData = { name: f.name, store: f.store, date: FIXED_TIME, mode: 0o644 };
    zip.file(f.source, data);
  }
  const counter = md5Counter();
  const written = pipeline(zip, counter.stream, createWriteStream(out));
  await zip.finalize();
  await written;
  console.log(JSON.stringify({ ...counter.result(), entries: files.length }));
});
