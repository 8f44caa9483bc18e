// The figures as text: ratios against their targets, and the one Markdown table for the README.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchFolder } from './data.js';
import { MiB } from './data.js';
import type { Measurement } from './measure.js';
import type { Packed } from './packers.js';
import type { ActionPublish, CurlPublish, StartLatency } from './publish.js';

export interface SizeResult {
  size: number;
  folder: BenchFolder;
  packer: Packed;
  zip: Packed;
  python: Packed;
  floor: Packed;
  publish?: { action: ActionPublish; curl: CurlPublish; zipBytes: number };
}

export interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean | null;
}

export const TARGETS = { packerOverFloor: 2.5, packerRssMiB: 128, rssGrowth: 1.25, uploadOverCurl: 1.5, startS: 0.3 };

export function environment(): { date: string; nproc: string; cpu: string; node: string } {
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
  return { date: new Date().toISOString().slice(0, 10), nproc, cpu, node: process.version };
}

const s = (v: number) => `${v.toFixed(2)} s`;
const mib = (v: number) => `${v.toFixed(0)} MiB`;
export const cell = (m: Measurement) => `${s(m.wallS)} wall, ${s(m.cpuS)} CPU, ${mib(m.rssMiB)}`;
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');

export function targets(results: SizeResult[], start: StartLatency | undefined): Target[] {
  const out: Target[] = [];
  const at = (n: number) => results.find((r) => r.size === n);
  const r1000 = at(1000);
  const r200 = at(200);
  for (const r of results) {
    const ratio = r.packer.wallS / r.floor.wallS;
    out.push({
      name: `packer / md5sum floor (wall), S=${r.size}`,
      value: ratio.toFixed(2),
      target: r.size === 1000 ? `≤ ${TARGETS.packerOverFloor} at S=1000` : 'informative',
      met: r.size === 1000 ? ratio <= TARGETS.packerOverFloor : null,
    });
  }
  if (!r1000) out.push({ name: 'packer / md5sum floor (wall), S=1000', value: '-', target: `≤ ${TARGETS.packerOverFloor}`, met: null });
  const maxRss = Math.max(...results.map((r) => r.packer.rssMiB));
  out.push({
    name: `packer peak RSS (largest of S=${results.map((r) => r.size).join(', ')})`,
    value: mib(maxRss),
    target: `≤ ${TARGETS.packerRssMiB} MiB`,
    met: maxRss <= TARGETS.packerRssMiB,
  });
  out.push({
    name: 'packer peak RSS, S=1000 / S=200',
    value: r1000 && r200 ? `${(r1000.packer.rssMiB / r200.packer.rssMiB).toFixed(2)} (${mib(r200.packer.rssMiB)} → ${mib(r1000.packer.rssMiB)})` : '-',
    target: `flat: ≤ ${TARGETS.rssGrowth}×`,
    met: r1000 && r200 ? r1000.packer.rssMiB / r200.packer.rssMiB <= TARGETS.rssGrowth : null,
  });
  for (const r of results) {
    if (!r.publish) continue;
    const up = r.publish.action.uploadS;
    out.push({
      name: `action upload / curl upload, S=${r.size}`,
      value: up === null ? 'n/a' : `${(up / r.publish.curl.timeTotalS).toFixed(2)} (${s(up)} / ${s(r.publish.curl.timeTotalS)})`,
      target: `≤ ${TARGETS.uploadOverCurl}`,
      met: up === null ? null : up / r.publish.curl.timeTotalS <= TARGETS.uploadOverCurl,
    });
  }
  out.push({
    name: 'dist/index.js start → first request (median of 5)',
    value: start ? s(start.medianS) : '-',
    target: `≤ ${TARGETS.startS} s`,
    met: start ? start.medianS <= TARGETS.startS : null,
  });
  return out;
}

export function printTargets(list: Target[]): void {
  const width = Math.max(...list.map((t) => t.name.length));
  for (const t of list) console.log(`  ${t.name.padEnd(width)}  ${t.value.padEnd(28)} target ${t.target.padEnd(22)} ${mark(t.met)}`);
}

/** One Markdown table: a column per size, a row per figure, and the targets. */
export function markdown(results: SizeResult[], start: StartLatency | undefined, list: Target[], runs: number): string {
  const env = environment();
  const sizes = results.map((r) => r.size);
  const head = `| figure | ${sizes.map((n) => `S = ${n} MiB`).join(' | ')} |`;
  const rule = `| --- | ${sizes.map(() => '---').join(' | ')} |`;
  const row = (name: string, f: (r: SizeResult) => string) => `| ${name} | ${results.map(f).join(' | ')} |`;
  const rows = [
    row('folder', (r) => `${r.folder.files} files, ${(r.folder.sourceBytes / MiB).toFixed(1)} MiB source + ${(r.folder.weightBytes / MiB).toFixed(0)} MiB weights`),
    row('action packer (`node bench-data/packer/index.js`)', (r) => cell(r.packer)),
    row('`zip -r -q -6`', (r) => cell(r.zip)),
    row('Python zipfile in memory (Jina client way)', (r) => cell(r.python)),
    row('md5sum floor (`find \\| xargs cat \\| md5sum`)', (r) => cell(r.floor)),
    row('package size (action / zip -6 / Python)', (r) => [r.packer, r.zip, r.python].map((m) => `${((m.output?.size ?? 0) / MiB).toFixed(1)}`).join(' / ') + ' MiB'),
    row('packer / floor (wall)', (r) => `${(r.packer.wallS / r.floor.wallS).toFixed(2)}${r.size === 1000 ? ` (target ≤ ${TARGETS.packerOverFloor}: ${mark(r.packer.wallS / r.floor.wallS <= TARGETS.packerOverFloor)})` : ''}`),
  ];
  if (results.some((r) => r.publish)) {
    rows.push(
      row('publish through the action, whole step (wall)', (r) => (r.publish ? s(r.publish.action.wallS) : '-')),
      row('upload phase, action', (r) => (r.publish?.action.uploadS != null ? `${s(r.publish.action.uploadS)} (${r.publish.action.uploadFrom})` : 'n/a')),
      row('upload, `curl -F file=@package.zip`', (r) => (r.publish ? s(r.publish.curl.timeTotalS) : '-')),
      row(`action upload / curl (target ≤ ${TARGETS.uploadOverCurl})`, (r) => {
        const up = r.publish?.action.uploadS;
        if (!r.publish || up == null) return 'n/a';
        const q = up / r.publish.curl.timeTotalS;
        return `${q.toFixed(2)} (${mark(q <= TARGETS.uploadOverCurl)})`;
      }),
    );
  }
  const rss = list.find((t) => t.name.startsWith('packer peak RSS, S=1000'));
  const maxRss = list.find((t) => t.name.startsWith('packer peak RSS (largest'));
  rows.push(`| packer peak RSS (target ≤ ${TARGETS.packerRssMiB} MiB, flat) | ${maxRss ? `max ${maxRss.value}: ${mark(maxRss.met)}` : '-'}; growth ${rss?.value ?? '-'}: ${mark(rss?.met ?? null)} |${' |'.repeat(Math.max(0, sizes.length - 1))}`);
  if (start) {
    rows.push(`| dist/index.js start → first request, median of 5 (target ≤ ${TARGETS.startS} s) | ${s(start.medianS)} (${mark(start.medianS <= TARGETS.startS)}) |${' |'.repeat(Math.max(0, sizes.length - 1))}`);
  }
  const caption = `Packaging benchmark (\`npm run bench\`), ${env.date}: ${env.nproc} CPUs (\`nproc\`), ${env.cpu}, Node ${env.node}; warm page cache, local Hub on 127.0.0.1; wall / CPU (user+sys) / peak RSS from GNU time${runs > 1 ? `, the run with the median wall time of ${runs}` : ', one run each'}.`;
  return `${caption}\n\n${head}\n${rule}\n${rows.join('\n')}\n`;
}

export function writersMarkdown(size: number, list: Packed[], how: string, runs: number): string {
  const env = environment();
  const caption = `Zip writers on the same ${list[0]?.output?.entries ?? '?'} files (S = ${size} MiB, weights stored, the rest deflated at level 6), ${env.date}: ${env.nproc} CPUs, ${env.cpu}, Node ${env.node}; each an ncc bundle run as \`${how}\`${runs > 1 ? `, the run with the median wall time of ${runs}` : ', one run each'}.`;
  const rows = list.map((m) => `| ${m.label} | ${s(m.wallS)} | ${s(m.cpuS)} | ${mib(m.rssMiB)} | ${((m.output?.size ?? 0) / MiB).toFixed(1)} MiB |`);
  return `${caption}\n\n| writer | wall | CPU (user+sys) | peak RSS | zip |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}
