// npm run bench [-- --sizes 200,1000,2000] [--nodes 20,24] [--runs 3] [--hubs sink,local] [--others] [--writers] [--folder DIR]
// The whole step as a runner runs it (dist/index.js, a separate process, INPUT_* variables) on seeded
// executor folders (3,000 source files, 40 MiB, plus S MiB of weights), on Node 20 and Node 24.19,
// against a Hub that only counts bytes (sink-hub.ts) and against the local Hub: peak RSS per phase,
// the package phase against the md5sum floor, the upload against `curl -F` of the same zip to the same
// sink, start → first request; the targets met or missed, and the Markdown table the README shows
// (also bench-data/bench.md). --others adds Info-ZIP and a Python in-memory packer on the same folders;
// --writers compares zip libraries (archiver, yazl) with the action's packer. --folder DIR measures the
// whole step on a folder the benchmark did not make (to the sink; peak RSS per phase, package vs floor).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { DIST, EXAMPLE, ROOT } from '../../tools/runner.js';
import { curlUpload } from './curl.js';
import { ensureFolder, MiB, type BenchFolder } from './data.js';
import { ensureTools, median, medianRun, warmCache } from './measure.js';
import { bundlePacker, bundleWriters, FLOOR_COMMAND, runFloor, runPacker, runPython, runWriter, runZip, type Packed, type Paths } from './packers.js';
import { runtimes, type Runtime } from './runtimes.js';
import { startSinkHub, type SinkHub } from './sink-hub.js';
import { runWholeStep, SAMPLE_MS, type StepRun } from './step.js';
import { cell, environment, markdown, printTargets, targets, writersMarkdown, type Figures, type SizeFigures } from './table.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '200,1000,2000' },
    nodes: { type: 'string', default: '20,24' },
    runs: { type: 'string', default: '3' },
    hubs: { type: 'string', default: 'sink,local' },
    starts: { type: 'string', default: '7' },
    others: { type: 'boolean', default: false },
    writers: { type: 'boolean', default: false },
    folder: { type: 'string' },
  },
});
const count = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a count, not ${v}`);
  return n;
};
const runs = count('runs', values.runs);
const starts = count('starts', values.starts);
const sizes = values.sizes.split(',').map((v) => count('sizes', v.trim()));
const majors = values.nodes.split(',').map((v) => count('nodes', v.trim()));
const hubs = new Set(values.hubs.split(',').map((v) => v.trim()));
for (const h of hubs) if (h !== 'sink' && h !== 'local') throw new Error(`--hubs takes sink and/or local, not ${h}`);
if (!hubs.has('sink')) throw new Error('--hubs must include sink: the upload and start figures are taken against it');

const TOKEN = 'demo-token';
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

const fmt = (v: number | null | undefined, unit = 's') => (v === null || v === undefined ? 'n/a' : `${v.toFixed(2)} ${unit}`);
function showStep(rt: Runtime, hub: string, r: StepRun, sinkUploadS?: number): void {
  const p = r.peakMiB;
  console.log(
    `  ${rt.label} ${hub.padEnd(5)} step ${fmt(r.wallS)}; package ${fmt(r.packageS)}; upload ${fmt(r.uploadS)} (log)` +
      `${sinkUploadS === undefined ? '' : `, ${fmt(sinkUploadS)} (sink)`}; peak RSS start/package/upload/after ` +
      `${[p.start, p.package, p.upload, p.after].map((v) => v.toFixed(0)).join('/')} MiB, step ${p.step.toFixed(0)} MiB (${r.samples} samples)`,
  );
}

/** Spawns the step on examples/MyEncoder (wait: false) against the sink: from spawn() to the first request's head at the sink. */
async function startLatency(rt: Runtime, sink: SinkHub): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < starts; i++) {
    sink.clear();
    const r = await runWholeStep(rt.binary, { path: EXAMPLE, token: TOKEN, registry: sink.url, 'build-env': 'PRIVATE_TOKEN=bench', wait: 'false' }, { timeoutMs: 60_000 });
    const first = sink.firstRequestMs();
    if (r.code !== 0 || first === undefined) throw new Error(`${rt.label}: the step on ${EXAMPLE} exited with ${r.code}:\n${r.log.slice(-2000)}`);
    out.push((first - r.spawnedMs) / 1000);
  }
  return out;
}

async function bench(): Promise<void> {
  const rts = runtimes(majors);
  const env = environment(rts);
  console.log(`${env.date}: ${env.nproc} CPUs (nproc), ${env.cpu}; ${rts.map((r) => `${r.label} ${r.version} (${path.relative(ROOT, r.binary) || r.binary})`).join(', ')}`);
  console.log(`bundle ${path.relative(ROOT, DIST)}; /proc/PID/status sampled every ${SAMPLE_MS} ms; median of ${runs} runs per figure`);
  console.log('bundling the packer (bench-data/packer: the zip for curl, and the md5 the step must give)');
  bundlePacker(paths);
  const sink = await startSinkHub();
  let local: LocalHub | undefined;
  const hubData = path.join(root, 'hub-data');
  if (hubs.has('local')) {
    await fs.rm(hubData, { recursive: true, force: true });
    local = await startHub({ tokens: { [TOKEN]: 'demo' }, buildMs: 200, dataDir: hubData });
  }
  console.log(`sink Hub on ${sink.url}${local ? `, local Hub on ${local.url}` : ''}`);
  const figures: Figures = { env, runtimes: rts, start: {}, sizes: [], runs };
  try {
    for (const rt of rts) {
      const samples = await startLatency(rt, sink);
      figures.start[rt.label] = samples;
      console.log(`${rt.label} start → first request: ${samples.map((v) => v.toFixed(3)).join(', ')} s; median ${median(samples).toFixed(3)} s`);
    }
    for (const size of sizes) {
      const f = await folderFor(size);
      const floor = await medianRun(runs, () => runFloor(f.folder));
      console.log(`  md5sum floor ${cell(floor)}`);
      const kept = await runPacker(paths, f.folder, true);
      const zip = kept.output;
      if (!zip?.file) throw new Error('the packer kept no zip');
      const result: SizeFigures = { size, folder: f, floor, zipBytes: zip.size, md5: zip.md5, curl: [], steps: {} };
      try {
        if (values.others) {
          for (const other of [await medianRun(runs, () => runZip(paths, f.folder)), await medianRun(runs, () => runPython(paths, f.folder))]) {
            console.log(`  ${other.label.padEnd(14)} ${cell(other)}`);
            result.others = [...(result.others ?? []), other];
          }
        }
        for (let run = 0; run < runs; run++) {
          sink.clear();
          const c = await curlUpload(sink.url, TOKEN, { file: zip.file, md5: zip.md5 });
          const u = sink.uploads()[0];
          if (!u || u.bytes < zip.size) throw new Error('the sink did not receive the whole zip from curl');
          result.curl.push({ sinkS: (u.endMs - u.startMs) / 1000, totalS: c.timeTotalS, bytes: u.bytes });
          console.log(`  curl -F   to sink: ${fmt(c.timeTotalS)} (time_total), ${fmt((u.endMs - u.startMs) / 1000)} (sink), ${u.bytes} bytes`);
          for (const rt of rts) {
            const steps = (result.steps[rt.label] ??= { sink: [], local: [] });
            sink.clear();
            const r = await runWholeStep(rt.binary, { path: f.folder, token: TOKEN, registry: sink.url });
            if (r.code !== 0) throw new Error(`${rt.label}: the step against the sink exited with ${r.code}:\n${r.log.slice(-3000)}`);
            const up = sink.uploads()[0];
            const sinkS = up ? (up.endMs - up.startMs) / 1000 : null;
            steps.sink.push({ ...r, sinkUploadS: sinkS, uploadBytes: up?.bytes ?? 0 });
            showStep(rt, 'sink', r, sinkS ?? undefined);
            if (r.md5 !== zip.md5) console.log(`  NOTE: ${rt.label}'s package md5 ${r.md5} differs from the packer bundle's ${zip.md5}`);
            if (local) {
              const l = await runWholeStep(rt.binary, { path: f.folder, token: TOKEN, registry: local.url });
              if (l.code !== 0) throw new Error(`${rt.label}: the step against the local Hub exited with ${l.code}:\n${l.log.slice(-3000)}`);
              steps.local.push({ ...l, sinkUploadS: null, uploadBytes: 0 });
              showStep(rt, 'local', l);
              local.reset();
              await fs.rm(hubData, { recursive: true, force: true });
              await fs.mkdir(hubData, { recursive: true });
            }
          }
        }
      } finally {
        await fs.rm(path.dirname(zip.file), { recursive: true, force: true });
      }
      figures.sizes.push(result);
    }
  } finally {
    await sink.close();
    await local?.close();
    await fs.rm(hubData, { recursive: true, force: true });
  }
  console.log('\ncommands measured:');
  console.log(`  whole step: ${'<node>'} ${path.relative(ROOT, DIST)} with INPUT_PATH=bench-data/folders/s<S> INPUT_TOKEN=*** INPUT_REGISTRY=<sink or local Hub> and action.yml's other defaults (tools/runner.ts runnerInputs)`);
  console.log(`  md5sum floor: (cd bench-data/folders/s<S> && ${FLOOR_COMMAND})`);
  console.log(`  curl: curl -sS -o /dev/null -H 'Expect:' -F public=True -F private=False -F md5sum=<md5> -F file=@<zip>;type=application/zip <sink>/v2/rpc/executor.createAsync`);
  console.log(`  start: <node> ${path.relative(ROOT, DIST)} with INPUT_PATH=examples/MyEncoder INPUT_WAIT=false INPUT_BUILD-ENV=PRIVATE_TOKEN=bench, against the sink`);

  const list = targets(figures);
  console.log('\ntargets:');
  printTargets(list);
  const md = markdown(figures, list);
  await fs.writeFile(path.join(root, 'bench.md'), md);
  console.log(`\n${md}\n(also written to bench-data/bench.md)`);
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
    console.log(`  ${m.label.padEnd(16)} ${cell(m)}`);
  }
  const packer = await medianRun(runs, () => runPacker(paths, f.folder));
  list.push(packer);
  console.log(`  ${packer.label.padEnd(16)} ${cell(packer)}`);
  const md = writersMarkdown(size, list, 'node bench-data/<bundle>/index.js <folder> [<out.zip>]', runs);
  await fs.writeFile(path.join(root, 'writers.md'), md);
  console.log(`\n${md}\n(also written to bench-data/writers.md)`);
}

/** The whole step on a folder the benchmark did not make, against the sink, on each runtime. */
async function onFolder(folder: string): Promise<void> {
  const rts = runtimes(majors);
  const env = environment(rts);
  warmCache(folder);
  const floor = await medianRun(runs, () => runFloor(folder));
  console.log(`${env.date}: ${env.nproc} CPUs, ${env.cpu}; ${folder}: md5sum floor ${cell(floor)}`);
  const sink = await startSinkHub();
  const rows: string[] = [];
  try {
    for (const rt of rts) {
      const all: StepRun[] = [];
      for (let i = 0; i < runs; i++) {
        sink.clear();
        const r = await runWholeStep(rt.binary, { path: folder, token: TOKEN, registry: sink.url });
        if (r.code !== 0) throw new Error(`${rt.label}: the step exited with ${r.code}:\n${r.log.slice(-3000)}`);
        const up = sink.uploads()[0];
        showStep(rt, 'sink', r, up ? (up.endMs - up.startMs) / 1000 : undefined);
        all.push(r);
      }
      const m = (f: (r: StepRun) => number | null) => median(all.map(f).filter((v): v is number => v !== null));
      const pack = m((r) => r.packageS);
      rows.push(
        `| ${rt.label} (${rt.version}) | ${fmt(m((r) => r.wallS))} | ${fmt(pack)} (${(pack / floor.wallS).toFixed(2)}× floor ${fmt(floor.wallS)}) | ` +
          `${['start', 'package', 'upload', 'after'].map((p) => m((r) => r.peakMiB[p as 'start']).toFixed(0)).join(' / ')} MiB | ${m((r) => r.peakMiB.step).toFixed(0)} MiB | ${all[0]?.md5} |`,
      );
    }
  } finally {
    await sink.close();
  }
  console.log(`\nWhole step on ${folder} (to the sink), ${env.date} UTC, median of ${runs}:\n`);
  console.log('| runtime | whole step | package phase | peak RSS start / package / upload / after | whole-step peak | package md5 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

try {
  if (values.folder) await onFolder(path.resolve(values.folder));
  else if (values.writers) await writers();
  else await bench();
} finally {
  await fs.rm(paths.tmp, { recursive: true, force: true });
}
