import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Whether `target` is `folder` itself or lies below it (a name like `..data` inside is fine). */
export function isWithin(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The repository the folder belongs to, for links: GITHUB_WORKSPACE when the folder lies in it, else the
 * nearest folder above (or at) it holding `.git` (a folder, or a file for a worktree or submodule), else
 * the folder itself. Real paths.
 */
export async function repositoryRoot(folder: string, workspace: string | undefined): Promise<string> {
  const real = await fs.realpath(folder);
  if (workspace) {
    const ws = await fs.realpath(workspace).catch(() => undefined);
    if (ws !== undefined && isWithin(ws, real)) return ws;
  }
  for (let dir = real; ; dir = path.dirname(dir)) {
    if (await fs.lstat(path.join(dir, '.git')).then(() => true, () => false)) return dir;
    if (path.dirname(dir) === dir) return real;
  }
}

/**
 * The lines of the `path` input: split at line breaks, and at commas outside braces (so that a glob
 * such as `executors/{a,b}` stays whole); trimmed, blanks dropped, in order (`!` lines depend on it).
 */
export function splitPathInput(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of value) {
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === '\n' || c === '\r' || (c === ',' && depth === 0)) {
      items.push(current);
      current = '';
      depth = 0;
      continue;
    }
    current += c;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}
