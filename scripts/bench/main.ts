// npm run bench [-- --sizes 200,1000] [--skip-publish] [--writers] [--runs N (median of N per measurement)]
// Generates the benchmark folders under bench-data/, measures the action's packer against zip, a
// Python in-memory packer and the md5sum floor, a full publish against curl, and the action's start
// time; prints the figures, the targets met or missed, and a Markdown table (also bench-data/bench.md).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { DIST, ROOT } from '../../tools/runner.js';
import { ensureFolder, MiB, type BenchFolder } from './data.js';
import { ensureTools, GNU_TIME, medianRun, warmCache, type Measurement } from './measure.js';
import {
  bundlePacker, bundleWriters, FLOOR_COMMAND, runFloor, runPacker, runPython, runWriter, runZip, type Packed, type Paths,
} from './packers.js';
import { publishWithAction, publishWithCurl, startToFirstRequest, type StartLatency } from './publish.js';
import { cell, markdown, printTargets, targets, writersMarkdown, type SizeResult } from './table.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '200,1000' },
    'skip-publish': { type: 'boolean', default: false },
    writers: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a count of runs per measurement, not ${values.runs}`);
const sizes = values.sizes.split(',').map((v) => Number(v.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes takes MiB counts like 200,1000, not ${values.sizes}`);

const root = path.join(ROOT, 'bench-data');
const paths: Paths = {
  root: ROOT,
  data: path.join(root, 'folders'),
  tmp: path.join(root, 'tmp'),
  runnerTemp: path.join(root, 'tmp', 'runner-temp'),
  packer: path.join(root, 'packer', 'index.js'),
};
process.chdir(ROOT);
ensureTools();
await fs.rm(paths.tmp, { recursive: true, force: true });
await fs.mkdir(paths.runnerTemp, { recursive: true });

async function folderFor(size: number): Promise<BenchFolder> {
  console.log(`\n== S = ${size} MiB ==`);
  const f = await ensureFolder(paths.data, size);
  const how = f.generatedMs === null ? 'already there (same spec)' : `generated in ${(f.generatedMs / 1000).toFixed(1)} s`;
  console.log(`folder ${path.relative(ROOT, f.folder)}: ${f.files} files, ${(f.sourceBytes / MiB).toFixed(1)} MiB source + ${(f.weightBytes / MiB).toFixed(0)} MiB weights, ${how}`);
  warmCache(f.folder);
  return f;
}

function show(m: Measurement): void {
  console.log(`  ${m.label.padEnd(16)} ${cell(m)}`);
}

const commands = new Map<string, string>();
function note(m: Measurement, cwd = m.cwd): void {
  commands.set(m.label, `(cd ${path.relative(ROOT, cwd) || '.'} && ${GNU_TIME} -f '%e %U %S %M' ${m.command})`);
}

async function writers(): Promise<void> {
  const size = 200;
  console.log('bundling the writers with ncc (bench-data/writers/*, bench-data/packer)');
  const bundles = bundleWriters(paths);
  bundlePacker(paths);
  const f = await folderFor(size);
  const list: Packed[] = [];
  for (const name of ['archiver', 'yazl'] as const) {
    const m = await medianRun(runs, () => runWriter(paths, name, path.relative(ROOT, bundles[name]), f.folder));
    list.push(m);
    note(m);
    show(m);
  }
  const packer = await medianRun(runs, () => runPacker(paths, f.folder));
  list.push(packer);
  note(packer);
  show(packer);
  const counts = new Set(list.map((m) => m.output?.entries));
  if (counts.size !== 1) console.log(`  note: the writers packed different numbers of files: ${list.map((m) => `${m.label} ${m.output?.entries}`).join(', ')}`);
  console.log('\ncommands measured:');
  for (const [label, cmd] of commands) console.log(`  ${label}: ${cmd}`);
  const md = writersMarkdown(size, list, 'node bench-data/<bundle>/index.js <folder> [<out.zip>]', runs);
  await fs.writeFile(path.join(root, 'writers.md'), md);
  console.log(`\n${md}\n(also written to bench-data/writers.md)`);
}

async function bench(): Promise<void> {
  console.log('bundling the packer: npx ncc build scripts/bench/pack-entry.ts -o bench-data/packer --target es2022');
  bundlePacker(paths);
  let hub: LocalHub | undefined;
  let start: StartLatency | undefined;
  const hubData = path.join(root, 'hub-data');
  if (!values['skip-publish']) {
    await fs.rm(hubData, { recursive: true, force: true });
    hub = await startHub({ tokens: { 'demo-token': 'demo' }, buildMs: 200, dataDir: hubData });
    console.log(`local Hub on ${hub.url}; action bundle ${path.relative(ROOT, DIST)}`);
    start = await startToFirstRequest(hub, 5);
    console.log(`start → first request (examples/MyEncoder): ${start.samplesS.map((v) => v.toFixed(3)).join(', ')} s; median ${start.medianS.toFixed(3)} s`);
  }
  const results: SizeResult[] = [];
  try {
    for (const size of sizes) {
      const f = await folderFor(size);
      const packer = await medianRun(runs, () => runPacker(paths, f.folder));
      show(packer);
      const zip = await medianRun(runs, () => runZip(paths, f.folder));
      show(zip);
      const python = await medianRun(runs, () => runPython(paths, f.folder));
      show(python);
      const floor = await medianRun(runs, () => runFloor(f.folder));
      show(floor);
      for (const m of [packer, zip, python, floor]) note(m);
      const result: SizeResult = { size, folder: f, packer, zip, python, floor };
      if (hub) {
        const kept = await runPacker(paths, f.folder, true);
        const file = kept.output?.file;
        if (!kept.output || !file) throw new Error('the packer kept no zip');
        try {
          const action = await publishWithAction(hub, f.folder);
          console.log(`  action publish   ${action.wallS.toFixed(2)} s whole step; upload ${action.uploadS === null ? 'n/a' : `${action.uploadS.toFixed(2)} s (from the ${action.uploadFrom})`}; build ${action.status}`);
          if (action.md5 !== kept.output.md5) console.log(`  note: the action's md5 ${action.md5} differs from the packer bundle's ${kept.output.md5} (dist/ built from other sources?)`);
          const curl = await publishWithCurl(hub, { ...kept.output, file }, paths.tmp);
          console.log(`  curl upload      ${curl.timeTotalS.toFixed(2)} s (time_total; ${curl.wallS.toFixed(2)} s wall), task ${curl.taskId} ${curl.buildStatus}`);
          commands.set('action publish', action.command);
          commands.set('curl upload', curl.command);
          result.publish = { action, curl, zipBytes: kept.output.size };
        } finally {
          await fs.rm(path.dirname(file), { recursive: true, force: true });
        }
      }
      results.push(result);
    }
  } finally {
    await hub?.close();
    await fs.rm(hubData, { recursive: true, force: true });
  }
  if (start) commands.set('start → first request', `${start.command} (spawned 5 times; Date.now() before spawn vs the Hub's first RecordedRequest.at)`);

  console.log('\ncommands measured (last size shown; the folder is the only difference):');
  for (const [label, cmd] of commands) console.log(`  ${label}: ${cmd}`);
  console.log(`  (md5sum floor: \`${FLOOR_COMMAND}\` reads every byte once and hashes it as one stream, as the packer hashes its one output)`);

  const list = targets(results, start);
  console.log('\ntargets:');
  printTargets(list);
  const md = markdown(results, start, list, runs);
  await fs.writeFile(path.join(root, 'bench.md'), md);
  console.log(`\n${md}\n(also written to bench-data/bench.md)`);
}

try {
  if (values.writers) await writers();
  else await bench();
} finally {
  await fs.rm(paths.tmp, { recursive: true, force: true });
}
