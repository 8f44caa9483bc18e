// Several executor folders for `path`: folder paths and globs (`executors/*`, `executors/**`,
// `models/enc-?`) into absolute folders. A glob keeps only executor folders (config.yml or manifest.yml).
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { InputError } from './inputs.js';

const SKIPPED = new Set(['.git', 'node_modules']);
const EXECUTOR_FILES = ['config.yml', 'manifest.yml'];

/** Absolute, de-duplicated, sorted in byte order. Explicit folders are kept as given, unchecked. */
export async function resolveFolders(patterns: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '') continue;
    if (!isGlob(pattern)) {
      found.add(path.resolve(cwd, pattern));
      continue;
    }
    const segments = pattern.split(path.sep === '\\' ? /[\\/]/ : '/');
    const first = segments.findIndex(isGlob);
    let prefix = segments.slice(0, first).join('/');
    if (first > 0 && prefix === '') prefix = '/';
    if (/^[A-Za-z]:$/.test(prefix)) prefix += '/';
    const rest = segments.slice(first).filter((s, i, all) => s !== '' && !(s === '**' && all[i - 1] === '**'));

    const matches: string[] = [];
    await expand(path.resolve(cwd, prefix || '.'), rest, matches);
    const executors = (await Promise.all(matches.map(async (dir) => ((await isExecutor(dir)) ? dir : undefined)))).filter(
      (dir): dir is string => dir !== undefined,
    );
    if (executors.length === 0) {
      throw new InputError(
        `path pattern "${pattern}" matches no executor folder (one holding config.yml or manifest.yml): check the path input.`,
      );
    }
    for (const dir of executors) found.add(dir);
  }
  return [...found].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function isGlob(text: string): boolean {
  return /[*?]/.test(text);
}

/** Every directory below `dir` that the segments match, into `out`. */
async function expand(dir: string, segments: string[], out: string[]): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    out.push(dir);
    return;
  }
  if (segment === '**') {
    // Zero directories, or one more (real directories only: a symlink loop cannot trap the walk).
    await expand(dir, rest, out);
    for (const entry of await entries(dir)) {
      if (entry.isDirectory() && walkable(entry.name, '*')) await expand(path.join(dir, entry.name), segments, out);
    }
    return;
  }
  if (!isGlob(segment)) {
    const next = path.join(dir, segment);
    if (await isDirectory(next)) await expand(next, rest, out);
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const entry of await entries(dir)) {
    if (!walkable(entry.name, segment) || !matcher.test(entry.name)) continue;
    const next = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(next)))) await expand(next, rest, out);
  }
}

/** `*` is any run of characters, `?` one character, anything else is itself; the whole name must match. */
export function segmentMatcher(segment: string): RegExp {
  const body = [...segment]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'u');
}

/** Wildcards skip .git, node_modules and hidden names (unless the segment itself starts with '.'). */
function walkable(name: string, segment: string): boolean {
  return !SKIPPED.has(name) && (!name.startsWith('.') || segment.startsWith('.'));
}

async function entries(dir: string): Promise<Dirent[]> {
  return fs.readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function isDirectory(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isDirectory() ?? false;
}

async function isExecutor(dir: string): Promise<boolean> {
  for (const name of EXECUTOR_FILES) {
    if ((await fs.stat(path.join(dir, name)).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}
