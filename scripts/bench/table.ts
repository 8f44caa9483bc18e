// The figures as text: each target met or missed, per runtime, and the one Markdown table for the README.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchFolder } from './data.js';
import { MiB } from './data.js';
import { median, type Measurement } from './measure.js';
import type { Packed } from './packers.js';
import type { Runtime } from './runtimes.js';
import type { StepRun } from './step.js';

export interface StepFigures extends StepRun {
  /** The upload as the sink saw it: first byte of the request to the last of its body. */
  sinkUploadS: number | null;
  uploadBytes: number;
}

export interface SizeFigures {
  size: number;
  folder: BenchFolder;
  floor: Packed;
  zipBytes: number;
  md5: string;
  curl: Array<{ sinkS: number; totalS: number; bytes: number }>;
  steps: Record<string, { sink: StepFigures[]; local: StepFigures[] }>;
  others?: Packed[];
}

export interface Env {
  date: string;
  nproc: string;
  cpu: string;
  nodes: string;
}

export interface Figures {
  env: Env;
  runtimes: Runtime[];
  /** start → first request samples (s), per runtime label. */
  start: Record<string, number[]>;
  sizes: SizeFigures[];
  runs: number;
}

export interface Target {
  runtime: string;
  name: string;
  value: string;
  target: string;
  met: boolean | null;
}

export const TARGETS = {
  rssMiB: 128,
  /** S = 2000 within 5 % of S = 200. */
  rssFlat: 0.05,
  uploadOverCurl: 1.3,
  packOverFloor: { 1000: 1.3, 200: 2.5 } as Record<number, number>,
  startS: { 20: 0.25, 24: 0.2 } as Record<number, number>,
};

export function environment(runtimes: Runtime[] = []): Env {
  let nproc = String(os.cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // os.cpus() then
  }
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // os.cpus() then
  }
  const nodes = runtimes.length ? runtimes.map((r) => r.version).join(', ') : process.version;
  return { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' '), nproc, cpu, nodes };
}

const s = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : `${v.toFixed(2)} s`);
const mib = (v: number) => `${v.toFixed(0)} MiB`;
export const cell = (m: Measurement) => `${s(m.wallS)} wall, ${s(m.cpuS)} CPU, ${mib(m.rssMiB)}`;
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');
const med = (values: Array<number | null>) => {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? median(v) : null;
};

/** The medians of one runtime at one size: whole step against the sink (and the local Hub). */
export function stats(r: SizeFigures, runtime: string) {
  const steps = r.steps[runtime] ?? { sink: [], local: [] };
  const all = [...steps.sink, ...steps.local];
  return {
    packageS: med(steps.sink.map((x) => x.packageS)),
    uploadSinkS: med(steps.sink.map((x) => x.sinkUploadS)),
    uploadLogS: med(steps.sink.map((x) => x.uploadS)),
    curlSinkS: med(r.curl.map((c) => c.sinkS)),
    stepS: med(steps.sink.map((x) => x.wallS)),
    localStepS: med(steps.local.map((x) => x.wallS)),
    peak: {
      start: med(steps.sink.map((x) => x.peakMiB.start)),
      package: med(steps.sink.map((x) => x.peakMiB.package)),
      upload: med(steps.sink.map((x) => x.peakMiB.upload)),
      after: med(steps.sink.map((x) => x.peakMiB.after)),
      sink: med(steps.sink.map((x) => x.peakMiB.step)),
      local: med(steps.local.map((x) => x.peakMiB.step)),
    },
    /** The largest whole-step peak of any run, sink or local Hub. */
    maxPeak: all.length ? Math.max(...all.map((x) => x.peakMiB.step)) : null,
    md5s: new Set(all.map((x) => x.md5)),
  };
}

export function targets(f: Figures): Target[] {
  const out: Target[] = [];
  for (const rt of f.runtimes) {
    const at = (n: number) => f.sizes.find((r) => r.size === n);
    // The median of the runs at each S, to the sink and to the local Hub; the largest of those is judged.
    const medians = f.sizes.flatMap((r) => {
      const p = stats(r, rt.label).peak;
      return [p.sink, p.local].filter((v): v is number => v !== null);
    });
    const worst = medians.length ? Math.max(...medians) : 0;
    const maxRun = Math.max(0, ...f.sizes.map((r) => stats(r, rt.label).maxPeak ?? 0));
    out.push({
      runtime: rt.label,
      name: `whole-step peak RSS, median at each S (${f.sizes.map((r) => r.size).join(', ')}; sink and local Hub), largest`,
      value: `${mib(worst)} (largest single run ${mib(maxRun)})`,
      target: `≤ ${TARGETS.rssMiB} MiB`,
      met: medians.length ? worst <= TARGETS.rssMiB : null,
    });
    const p200 = at(200) && stats(at(200) as SizeFigures, rt.label).peak.sink;
    const p2000 = at(2000) && stats(at(2000) as SizeFigures, rt.label).peak.sink;
    out.push({
      runtime: rt.label,
      name: 'whole-step peak RSS, S = 2000 / S = 200 (sink, medians)',
      value: p200 && p2000 ? `${(p2000 / p200).toFixed(3)} (${mib(p200)} → ${mib(p2000)})` : '-',
      target: `flat: within ${TARGETS.rssFlat * 100} %`,
      met: p200 && p2000 ? Math.abs(p2000 / p200 - 1) <= TARGETS.rssFlat : null,
    });
    const r1000 = at(1000);
    const st = r1000 ? stats(r1000, rt.label) : undefined;
    const q = st?.uploadSinkS && st.curlSinkS ? st.uploadSinkS / st.curlSinkS : null;
    out.push({
      runtime: rt.label,
      name: 'upload / curl -F to the sink, S = 1000 (sink-side times)',
      value: q === null || !st ? '-' : `${q.toFixed(2)} (${s(st.uploadSinkS)} / ${s(st.curlSinkS)})`,
      target: `≤ ${TARGETS.uploadOverCurl}`,
      met: q === null ? null : q <= TARGETS.uploadOverCurl,
    });
    for (const size of [1000, 200]) {
      const r = at(size);
      const p = r ? stats(r, rt.label).packageS : null;
      const ratio = r && p ? p / r.floor.wallS : null;
      const limit = TARGETS.packOverFloor[size] as number;
      out.push({
        runtime: rt.label,
        name: `package phase / md5sum floor, S = ${size}`,
        value: ratio === null || !r ? '-' : `${ratio.toFixed(2)} (${s(p)} / ${s(r.floor.wallS)})`,
        target: `≤ ${limit}`,
        met: ratio === null ? null : ratio <= limit,
      });
    }
    const samples = f.start[rt.label];
    const limit = TARGETS.startS[rt.major];
    out.push({
      runtime: rt.label,
      name: `start → first request (median of ${samples?.length ?? 0})`,
      value: samples?.length ? s(median(samples)) : '-',
      target: limit === undefined ? 'informative' : `≤ ${limit} s`,
      met: samples?.length && limit !== undefined ? median(samples) <= limit : null,
    });
    const md5s = new Set(f.sizes.flatMap((r) => [...stats(r, rt.label).md5s].map((m) => `${r.size}:${m}`)));
    const expected = new Set(f.sizes.map((r) => `${r.size}:${r.md5}`));
    out.push({
      runtime: rt.label,
      name: 'package md5 = the packer bundle’s, every run',
      value: [...md5s].every((m) => expected.has(m)) && md5s.size === expected.size ? 'same' : 'DIFFERENT',
      target: 'byte-identical',
      met: [...md5s].every((m) => expected.has(m)) && md5s.size === expected.size,
    });
  }
  return out;
}

export function printTargets(list: Target[]): void {
  const width = Math.max(...list.map((t) => t.name.length));
  for (const t of list) console.log(`  ${t.runtime.padEnd(8)} ${t.name.padEnd(width)}  ${t.value.padEnd(28)} target ${t.target.padEnd(18)} ${mark(t.met)}`);
}

/** One Markdown table: a column per size, a row per figure and runtime; then the targets. */
export function markdown(f: Figures, list: Target[]): string {
  const sizes = f.sizes.map((r) => r.size);
  const head = `| figure | ${sizes.map((n) => `S = ${n} MiB`).join(' | ')} |`;
  const rule = `| --- | ${sizes.map(() => '---').join(' | ')} |`;
  const row = (name: string, fn: (r: SizeFigures) => string) => `| ${name} | ${f.sizes.map(fn).join(' | ')} |`;
  const rows = [
    row('folder', (r) => `${r.folder.files} files, ${(r.folder.sourceBytes / MiB).toFixed(1)} MiB source + ${(r.folder.weightBytes / MiB).toFixed(0)} MiB weights`),
    row('package (zip)', (r) => `${(r.zipBytes / MiB).toFixed(1)} MiB`),
    row('md5sum floor (`find \\| xargs cat \\| md5sum`)', (r) => s(r.floor.wallS)),
    row('`curl -F` of the zip to the sink (sink-side)', (r) => s(med(r.curl.map((c) => c.sinkS)))),
  ];
  for (const rt of f.runtimes) {
    const st = (r: SizeFigures) => stats(r, rt.label);
    const ratio = (a: number | null, b: number | null) => (a !== null && b ? `${(a / b).toFixed(2)}×` : 'n/a');
    rows.push(
      row(`**${rt.label}** whole step, to the sink / to the local Hub`, (r) => `${s(st(r).stepS)} / ${s(st(r).localStepS)}`),
      row(`${rt.label} package phase (÷ floor)`, (r) => `${s(st(r).packageS)} (${ratio(st(r).packageS, r.floor.wallS)})`),
      row(`${rt.label} upload to the sink, sink-side (÷ curl)`, (r) => `${s(st(r).uploadSinkS)} (${ratio(st(r).uploadSinkS, med(r.curl.map((c) => c.sinkS))) })`),
      row(`${rt.label} peak RSS start / package / upload / after`, (r) => {
        const p = st(r).peak;
        return [p.start, p.package, p.upload, p.after].map((v) => (v === null ? '-' : v.toFixed(0))).join(' / ') + ' MiB';
      }),
      row(`${rt.label} whole-step peak RSS, sink / local Hub (largest run)`, (r) => {
        const p = st(r).peak;
        return `${p.sink === null ? '-' : mib(p.sink)} / ${p.local === null ? '-' : mib(p.local)} (${mib(st(r).maxPeak ?? 0)})`;
      }),
    );
  }
  const starts = f.runtimes
    .map((rt) => `${rt.label} ${s(f.start[rt.label]?.length ? median(f.start[rt.label] as number[]) : null)}`)
    .join(', ');
  const caption =
    `Whole step (\`npm run bench\`), ${f.env.date} UTC: ${f.env.nproc} CPUs (\`nproc\`), ${f.env.cpu}; ${f.env.nodes}; ` +
    `warm page cache; the action's dist/index.js run as a runner runs it, against a Hub that only counts bytes (the sink) ` +
    `and the local Hub, both on 127.0.0.1; medians of ${f.runs} runs; peak RSS from /proc/PID/status (VmRSS/VmHWM every 10 ms), per phase from the step's own log lines. ` +
    `Start → first request (examples/MyEncoder): ${starts}.`;
  const targetRows = list.map((t) => `| ${t.runtime} | ${t.name} | ${t.value} | ${t.target} | ${mark(t.met)} |`);
  return `${caption}\n\n${head}\n${rule}\n${rows.join('\n')}\n\n| runtime | target | figure | wanted | |\n| --- | --- | --- | --- | --- |\n${targetRows.join('\n')}\n`;
}

export function writersMarkdown(size: number, list: Packed[], how: string, runs: number): string {
  const env = environment();
  const caption = `Zip writers on the same ${list[0]?.output?.entries ?? '?'} files (S = ${size} MiB, weights stored, the rest deflated at level 6), ${env.date}: ${env.nproc} CPUs, ${env.cpu}, Node ${env.nodes}; each an ncc bundle run as \`${how}\`${runs > 1 ? `, the run with the median wall time of ${runs}` : ', one run each'}.`;
  const rows = list.map((m) => `| ${m.label} | ${s(m.wallS)} | ${s(m.cpuS)} | ${mib(m.rssMiB)} | ${((m.output?.size ?? 0) / MiB).toFixed(1)} MiB |`);
  return `${caption}\n\n| writer | wall | CPU (user+sys) | peak RSS | zip |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}
