// Prints CHANGELOG.md's section for one version (its body, without the "## [X.Y.Z] - date" heading),
// for the release notes: `tsx scripts/changelog-section.ts 1.2.0` (a leading v is dropped).
// Exits 1 when the changelog has no such section or it is empty.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The body of `## [version]`'s section, up to the next `## ` heading or the link references; undefined when absent. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n');
  const wanted = version.replace(/^v/, '');
  const start = lines.findIndex((l) => {
    const m = /^## \[([^\]]+)\]/.exec(l);
    return m !== null && m[1] === wanted;
  });
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^## /.test(lines[end] as string) && !/^\[[^\]]+\]: /.test(lines[end] as string)) end++;
  const body = lines.slice(start + 1, end).join('\n').trim();
  return body === '' ? undefined : body;
}

function main(): number {
  const version = process.argv[2] ?? '';
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = process.argv[3] ?? path.join(root, 'CHANGELOG.md');
  const section = version === '' ? undefined : changelogSection(readFileSync(file, 'utf8'), version);
  if (section === undefined) {
    process.stderr.write(`changelog-section: ${file} has no section "## [${version.replace(/^v/, '')}]" with text in it\n`);
    return 1;
  }
  process.stdout.write(`${section}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
