// Several executor folders for `path`: folder paths and globs (`executors/*`, `executors/**`,
// `models/enc-?`, `{a,b}`, `[0-9]`) into absolute folders, with the glob semantics of other actions
// (picomatch: `*` stays within a folder, `**` crosses folders, hidden folders only for a pattern that
// names them), and `!` exclusions applied in order (`executors/*` then `!executors/legacy`). A glob
// keeps only executor folders (config.yml or manifest.yml). Then, before anything is sent, no two
// folders of one run may publish under the same name.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { isExecutorFolder, readExecutorFolder } from './executor.js';
import { InputError } from './inputs.js';

/** Never walked into by a glob. */
const SKIPPED = new Set(['.git', 'node_modules']);

/** Absolute, de-duplicated, sorted in byte order. Explicit folders are kept as given, unchecked. */
export async function resolveFolders(patterns: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  let excluded = false;
  for (const raw of patterns) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('!')) {
      excluded = true;
      const exclusion = matcherOf(line.slice(1).trim(), cwd);
      for (const dir of found) if (exclusion(dir)) found.delete(dir);
      continue;
    }
    const scan = picomatch.scan(line);
    if (!scan.isGlob) {
      found.add(path.resolve(cwd, line));
      continue;
    }
    const executors = await expand(line, cwd);
    if (executors.length === 0) {
      throw new InputError(
        `path pattern "${line}" matches no executor folder (one holding config.yml or manifest.yml): check the path input.`,
      );
    }
    for (const dir of executors) found.add(dir);
  }
  if (excluded && found.size === 0) {
    throw new InputError(`the exclusions (!) of path leave no executor folder: check the path input.`);
  }
  return [...found].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Whether an absolute folder is the one a pattern names, or lies below one it matches. */
function matcherOf(pattern: string, cwd: string): (dir: string) => boolean {
  const scan = picomatch.scan(pattern);
  const base = path.resolve(cwd, scan.base || '.');
  if (!scan.isGlob) return (dir) => dir === base || dir.startsWith(`${base}${path.sep}`);
  const glob = scan.glob.replace(/\/+$/, '');
  const isMatch = picomatch([glob, `${glob}/**`], { dot: true });
  return (dir) => {
    const rel = path.relative(base, dir);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && isMatch(rel.split(path.sep).join('/'));
  };
}

/** The executor folders a glob matches, below its static base. */
async function expand(pattern: string, cwd: string): Promise<string[]> {
  const scan = picomatch.scan(pattern);
  const base = path.resolve(cwd, scan.base || '.');
  const glob = scan.glob.replace(/\/+$/, '');
  const isMatch = picomatch(glob, { dot: false });
  const globstar = glob.includes('**');
  // Without **, a match is never deeper than the glob has segments; links to folders are then followed (no loop can trap it).
  const depth = globstar ? Infinity : glob.split('/').length;
  const hidden = glob.split('/').some((segment) => segment.startsWith('.'));
  const matches: string[] = [];

  async function walk(dir: string, rel: string, level: number): Promise<void> {
    if (level >= depth) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (SKIPPED.has(entry.name) || (entry.name.startsWith('.') && !hidden)) continue;
      const full = path.join(dir, entry.name);
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const isDir = entry.isDirectory() || (!globstar && entry.isSymbolicLink() && (await isDirectory(full)));
      if (!isDir) continue;
      if (isMatch(name) && (await isExecutorFolder(full))) matches.push(full);
      await walk(full, name, level + 1);
    }
  }
  if (glob === '**' && (await isExecutorFolder(base))) matches.push(base);
  await walk(base, '', 0);
  return matches;
}

async function isDirectory(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Two folders of one run that would publish under the same executor name publish over each other:
 * refused before anything is sent, naming both. A folder whose name cannot be read is left to fail on its own.
 */
export async function checkDistinctNames(folders: string[], cwd: string, nameless?: string): Promise<void> {
  const byName = new Map<string, string[]>();
  for (const folder of folders) {
    const read = await readExecutorFolder(folder, { nameless }).catch(() => undefined);
    if (!read) continue;
    const label = `${path.relative(cwd, folder) || '.'} (${read.nameSource})`;
    byName.set(read.name, [...(byName.get(read.name) ?? []), label]);
  }
  const clashes = [...byName].filter(([, list]) => list.length > 1);
  if (clashes.length === 0) return;
  const said = clashes.map(([name, list]) => `"${name}" by ${list.join(' and ')}`).join('; ');
  throw new InputError(
    `${clashes.length > 1 ? 'some executor names are' : 'an executor name is'} given by several folders of this run, which would publish over each other: ${said}. ` +
      'Rename one, or leave one out of path (a line such as !folder).',
  );
}
