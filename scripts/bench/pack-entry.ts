// Bundled with ncc into bench-data/packer: packs the folder in argv with the action's own packer and
// prints {size, md5, entries} as JSON. With --keep the zip stays (its path is printed as `file`).
import { packFolder } from '../../src/package/index.js';
import { runMain } from './file-list.js';

runMain(async () => {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  if (!folder) throw new Error('usage: node bench-data/packer/index.js <folder> [--keep]');
  const keep = args.includes('--keep');
  const pkg = await packFolder(folder, 'BenchEncoder');
  console.log(JSON.stringify({ size: pkg.size, md5: pkg.md5, entries: pkg.entries, ...(keep ? { file: pkg.file } : {}) }));
  if (!keep) await pkg.remove();
});
