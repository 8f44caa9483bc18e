// The packers measured on the same folder: the action's packer (an ncc bundle of pack-entry.ts),
// Debian's zip, a Python in-memory zipfile packer, and the md5sum floor; plus the zip writers of --writers.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { measure, type Measurement } from './measure.js';

export interface PackOutput {
  size: number;
  md5: string;
  entries: number;
  file?: string;
}

export interface Packed extends Measurement {
  output?: PackOutput;
  /** md5 of the whole input stream, for the md5sum floor. */
  digest?: string;
}

export interface Paths {
  root: string;
  data: string;
  tmp: string;
  runnerTemp: string;
  packer: string;
}

const HERE = path.join('scripts', 'bench');

/** `npx ncc build <entry> -o <outDir> --target es2022`, run from the repository root. */
/** ncc type-checks the whole project: when a file elsewhere does not compile, bundles with --transpile-only. */
export function bundle(root: string, entry: string, outDir: string): string {
  const argv = ['ncc', 'build', entry, '-o', outDir, '--target', 'es2022'];
  try {
    execFileSync('npx', argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const why = String((err as { stderr?: Buffer }).stderr ?? err).split('\n').find((l) => l.includes('ERROR')) ?? 'see ncc';
    console.log(`  npx ${argv.join(' ')} failed the type check (${why.trim()}); bundling with --transpile-only`);
    execFileSync('npx', [...argv, '--transpile-only'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return path.join(outDir, 'index.js');
}

export function bundlePacker(p: Paths): string {
  return bundle(p.root, path.join(HERE, 'pack-entry.ts'), path.relative(p.root, path.dirname(p.packer)));
}

function parse(m: Measurement): PackOutput {
  const line = m.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as PackOutput;
  } catch {
    throw new Error(`${m.label}: expected a JSON line on stdout, got ${JSON.stringify(m.stdout.slice(-300))}`);
  }
}

/** The action's packer; with keep, the zip stays in RUNNER_TEMP and its path is in output.file. */
export async function runPacker(p: Paths, folder: string, keep = false): Promise<Packed> {
  const argv = ['node', path.relative(p.root, p.packer), folder, ...(keep ? ['--keep'] : [])];
  const m = await measure('action packer', argv, { cwd: p.root, env: { RUNNER_TEMP: p.runnerTemp } });
  return { ...m, output: parse(m) };
}

export async function runZip(p: Paths, folder: string): Promise<Packed> {
  const out = path.join(p.tmp, 'zip-cli.zip');
  await fs.rm(out, { force: true });
  const m = await measure('zip -6', ['zip', '-r', '-q', '-6', out, '.'], { cwd: folder });
  const stat = await fs.stat(out);
  await fs.rm(out, { force: true });
  return { ...m, output: { size: stat.size, md5: '', entries: 0 } };
}

export async function runPython(p: Paths, folder: string): Promise<Packed> {
  const out = path.join(p.tmp, 'python.zip');
  const m = await measure('python zipfile', ['python3', path.join(HERE, 'python_packer.py'), folder, out], { cwd: p.root });
  await fs.rm(out, { force: true });
  return { ...m, output: parse(m) };
}

/** Every byte of every file through one md5 stream: find | xargs cat | md5sum. */
export const FLOOR_COMMAND = 'find . -type f -print0 | xargs -0 cat | md5sum';

export async function runFloor(folder: string): Promise<Packed> {
  const m = await measure('md5sum floor', ['sh', '-c', FLOOR_COMMAND], { cwd: folder });
  return { ...m, digest: m.stdout.split(' ')[0] ?? '' };
}

export type WriterName = 'archiver' | 'yazl' | 'action packer';

export function bundleWriters(p: Paths): Record<'archiver' | 'yazl', string> {
  const out = (w: string) => path.relative(p.root, path.join(p.root, 'bench-data', 'writers', w));
  return {
    archiver: bundle(p.root, path.join(HERE, 'writer-archiver.ts'), out('archiver')),
    yazl: bundle(p.root, path.join(HERE, 'writer-yazl.ts'), out('yazl')),
  };
}

export async function runWriter(p: Paths, name: 'archiver' | 'yazl', bundlePath: string, folder: string): Promise<Packed> {
  const out = path.join(p.tmp, `${name}.zip`);
  const m = await measure(name, ['node', bundlePath, folder, out], { cwd: p.root });
  await fs.rm(out, { force: true });
  return { ...m, output: parse(m) };
}
