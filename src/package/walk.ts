// Lists the files of the executor folder that go into the package, as `jina hub push` (the clients'
// archive_package) picks them: `.git` and `.jina` never, at any depth; the folder's .gitignore (or,
// without one, the clients' default list) matched against each path. Beyond the clients: nested
// .gitignore files are honoured as git does; a link is followed only when its target lies inside the
// repository; each real folder is walked once, whatever links point at it; FIFOs, sockets and
// devices are left out; a name that is not valid UTF-8 is left out when ignored and refused when not.
import { isUtf8 } from 'node:buffer';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularText } from '../files.js';
import { InputError } from '../inputs.js';
import { isWithin } from '../paths.js';
import { PYTHON_GITIGNORE } from './python-gitignore.js';
import { shownList } from './shown.js';

export interface PackEntry {
  /** Name inside the zip: relative to the folder, '/'-separated, never with '..'. */
  name: string;
  /** The file to read (a link's target when the entry is a link). */
  source: string;
  size: number;
  executable: boolean;
}

/** Something in the folder that is not packed and is worth a warning: a link, a special file, an undecodable name. */
export interface LeftOut {
  name: string;
  reason: string;
}

export interface FolderListing {
  entries: PackEntry[];
  leftOut: LeftOut[];
  /** Whether the folder's own .gitignore was used (else the default list). */
  usedGitignore: boolean;
}

export interface ListOptions {
  /** Links are followed only to targets inside this folder (default: the executor folder itself). */
  repository?: string;
  signal?: AbortSignal;
}

/** Left out at any depth, whatever the ignore rules say (as the clients do). */
export const ALWAYS_LEFT_OUT = ['.git', '.jina'];

/** Used when the folder has no .gitignore of its own: the clients' list. */
export const DEFAULT_IGNORES = PYTHON_GITIGNORE;

interface IgnoreScope {
  /** The folder the rules belong to, relative to the root, '/'-separated, '' for the root. */
  base: string;
  rules: Ignore;
}

/** A folder reached through a link, walked after the real tree so that real folders keep their own names. */
interface LinkedFolder {
  name: string;
  real: string;
  scopes: IgnoreScope[];
}

export async function listFolder(folder: string, options: ListOptions = {}): Promise<FolderListing> {
  const root = await fs.realpath(folder);
  const repository = options.repository ? await fs.realpath(options.repository).catch(() => root) : root;
  const entries: PackEntry[] = [];
  const leftOut: LeftOut[] = [];
  const undecodable: string[] = [];
  /** Every real folder walked, with the name it is packed under. */
  const walked = new Map<string, string>();
  const linked: LinkedFolder[] = [];

  const rootGitignore = await readGitignore(root);
  const rootScope: IgnoreScope = { base: '', rules: ignore().add(rootGitignore ?? [...DEFAULT_IGNORES]) };

  async function visit(dirReal: string, rel: string, scopes: IgnoreScope[]): Promise<void> {
    options.signal?.throwIfAborted();
    walked.set(dirReal, rel);
    const raw = ((await fs.readdir(dirReal, { encoding: 'buffer' })) as Buffer[]).sort(Buffer.compare);
    const own = rel === '' ? undefined : await readGitignore(dirReal);
    const here = own === undefined ? scopes : [...scopes, { base: rel, rules: ignore().add(own) }];

    for (const rawName of raw) {
      if (!isUtf8(rawName)) {
        const shown = (rel === '' ? '' : `${rel}/`) + escapeName(rawName);
        const lossy = rawName.toString('utf8');
        const name = rel === '' ? lossy : `${rel}/${lossy}`;
        const st = await fs.lstat(Buffer.concat([Buffer.from(`${dirReal}/`), rawName])).catch(() => undefined);
        if (isIgnored(here, st?.isDirectory() ? `${name}/` : name)) {
          leftOut.push({ name: shown, reason: 'its name is not valid UTF-8 (it is ignored anyway)' });
        } else {
          undecodable.push(shown);
        }
        continue;
      }
      const entryName = rawName.toString('utf8');
      if (ALWAYS_LEFT_OUT.includes(entryName)) continue;
      const name = rel === '' ? entryName : `${rel}/${entryName}`;
      const full = path.join(dirReal, entryName);
      const lstat = await fs.lstat(full);
      let real = full;
      let stat: Stats = lstat;
      if (lstat.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        const targetStat = target === undefined ? undefined : await fs.stat(target).catch(() => undefined);
        if (target === undefined || targetStat === undefined) {
          if (!isIgnored(here, name)) leftOut.push({ name, reason: 'it is a link that points to nothing' });
          continue;
        }
        if (!isWithin(repository, target)) {
          const dirSlash = targetStat.isDirectory() ? '/' : '';
          if (!isIgnored(here, name + dirSlash)) {
            leftOut.push({ name, reason: `it is a link to ${target}, outside the repository (${repository})` });
          }
          continue;
        }
        real = target;
        stat = targetStat;
        if (stat.isDirectory()) {
          if (!isIgnored(here, `${name}/`)) linked.push({ name, real, scopes: here });
          continue;
        }
      }
      if (stat.isDirectory()) {
        if (isIgnored(here, `${name}/`)) continue;
        const already = walked.get(real);
        if (already !== undefined) {
          leftOut.push({ name, reason: `it is the folder ${already || '.'}, packed already` });
          continue;
        }
        await visit(real, name, here);
      } else if (stat.isFile()) {
        if (isIgnored(here, name)) continue;
        entries.push({ name, source: real, size: stat.size, executable: (stat.mode & 0o111) !== 0 });
      } else if (!isIgnored(here, name)) {
        leftOut.push({ name, reason: `it is ${specialKind(stat)}, not a file` });
      }
    }
  }

  await visit(root, '', [rootScope]);
  // Folders reached through links, once each: a folder already walked (under its own name or another link's) is named, not packed twice.
  for (let next = linked.shift(); next !== undefined; next = linked.shift()) {
    const already = walked.get(next.real);
    if (already !== undefined) {
      const where = already === '' ? 'the executor folder itself' : already;
      leftOut.push({ name: next.name, reason: `it is a link to ${where}, packed already` });
      continue;
    }
    if (isWithin(next.real, root)) {
      leftOut.push({ name: next.name, reason: 'it is a link to a folder that holds the executor folder (a loop)' });
      continue;
    }
    await visit(next.real, next.name, next.scopes);
  }
  if (undecodable.length > 0) {
    const shown = shownList(undecodable.map((n) => `"${n}"`), 10);
    throw new InputError(
      `${undecodable.length > 1 ? 'these file names are' : 'this file name is'} not valid UTF-8 (shown escaped): ${shown}. ` +
        'A package entry needs a UTF-8 name: rename them, or add them to the .gitignore of the folder.',
    );
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  leftOut.sort((a, b) => compareNames(a.name, b.name));
  return { entries, leftOut, usedGitignore: rootGitignore !== undefined };
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

/** The lines of a .gitignore, each trimmed as the clients read it. */
async function readGitignore(dir: string): Promise<string[] | undefined> {
  const text = await readRegularText(path.join(dir, '.gitignore'));
  return text?.split(/\r?\n/).map((line) => line.trim());
}

function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** A raw file name for a message: valid UTF-8 runs as they are, every other byte and control character as \xNN. */
export function escapeName(raw: Buffer): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const b = raw[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const chunk = length > 0 ? raw.subarray(i, i + length) : undefined;
    if (chunk && chunk.length === length && isUtf8(chunk) && (length > 1 || (b >= 0x20 && b !== 0x7f && b !== 0x5c))) {
      out += chunk.toString('utf8');
      i += length;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

/** Byte order of the UTF-8 names, the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
