// Lists the files of the executor folder that go into the package: .git/ and .jina/ never, then the
// .gitignore rules (or a default list for Python projects), and no link followed out of the folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isWithin } from '../paths.js';

export interface PackEntry {
  /** Name inside the zip: relative to the folder, '/'-separated, never with '..'. */
  name: string;
  /** The file to read (a link's target when the entry is a link inside the folder). */
  source: string;
  size: number;
  executable: boolean;
}

export interface SkippedLink {
  name: string;
  reason: string;
}

export interface FolderListing {
  entries: PackEntry[];
  skippedLinks: SkippedLink[];
  /** Whether the folder's own .gitignore was used (else the default list). */
  usedGitignore: boolean;
}

export const ALWAYS_LEFT_OUT = ['.git', '.jina'];

/** Used when the folder has no .gitignore of its own. */
export const DEFAULT_IGNORES = [
  '__pycache__/',
  '*.py[cod]',
  '*$py.class',
  '*.so',
  'build/',
  'dist/',
  'develop-eggs/',
  '.eggs/',
  '*.egg-info/',
  '*.egg',
  'pip-wheel-metadata/',
  '.venv/',
  'venv/',
  'env/',
  'ENV/',
  '.env',
  '.python-version',
  '.pytest_cache/',
  '.mypy_cache/',
  '.ruff_cache/',
  '.tox/',
  '.nox/',
  '.coverage',
  'htmlcov/',
  '.ipynb_checkpoints/',
  '.idea/',
  '.vscode/',
  '*.swp',
  '.DS_Store',
];

interface IgnoreScope {
  /** The folder the rules belong to, relative to the root, '/'-separated, '' for the root. */
  base: string;
  rules: Ignore;
}

export async function listFolder(folder: string): Promise<FolderListing> {
  const root = await fs.realpath(folder);
  const entries: PackEntry[] = [];
  const skippedLinks: SkippedLink[] = [];

  const rootGitignore = await readGitignore(root);
  const rootScope: IgnoreScope = { base: '', rules: ignore().add(rootGitignore ?? DEFAULT_IGNORES) };

  async function visit(dirReal: string, rel: string, scopes: IgnoreScope[], chain: Set<string>): Promise<void> {
    const names = (await fs.readdir(dirReal)).sort(compareNames);
    const own = rel === '' ? undefined : await readGitignore(dirReal);
    const here = own === undefined ? scopes : [...scopes, { base: rel, rules: ignore().add(own) }];

    for (const entryName of names) {
      const name = rel === '' ? entryName : `${rel}/${entryName}`;
      if (rel === '' && ALWAYS_LEFT_OUT.includes(entryName)) continue;
      const full = path.join(dirReal, entryName);
      const lstat = await fs.lstat(full);
      let realPath = full;
      let stat = lstat;
      if (lstat.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (target === undefined) {
          skippedLinks.push({ name, reason: 'it points to nothing (a broken link)' });
          continue;
        }
        if (!isWithin(root, target)) {
          skippedLinks.push({ name, reason: 'it points outside the executor folder' });
          continue;
        }
        realPath = target;
        stat = await fs.stat(target);
      }
      if (stat.isDirectory()) {
        if (isIgnored(here, `${name}/`)) continue;
        if (chain.has(realPath)) {
          skippedLinks.push({ name, reason: 'it makes a loop of links' });
          continue;
        }
        await visit(realPath, name, here, new Set([...chain, realPath]));
      } else if (stat.isFile()) {
        if (isIgnored(here, name)) continue;
        entries.push({ name, source: realPath, size: stat.size, executable: (stat.mode & 0o111) !== 0 });
      }
      // sockets, FIFOs and devices are not packaged
    }
  }

  await visit(root, '', [rootScope], new Set([root]));
  entries.sort((a, b) => compareNames(a.name, b.name));
  return { entries, skippedLinks, usedGitignore: rootGitignore !== undefined };
}

/** Git's rule: the last scope (deepest) with a matching rule decides. */
function isIgnored(scopes: IgnoreScope[], name: string): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const relative = scope.base === '' ? name : name.slice(scope.base.length + 1);
    const result = scope.rules.test(relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function readGitignore(dir: string): Promise<string[] | undefined> {
  try {
    return (await fs.readFile(path.join(dir, '.gitignore'), 'utf8')).split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** Byte order of the UTF-8 names, the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
