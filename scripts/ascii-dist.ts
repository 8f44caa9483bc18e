// npm run package, after ncc: rewrites the bundle (every .js file of dist/) in ASCII. One non-ASCII
// character anywhere (the bundle had ~1,600, mostly a typographic apostrophe in undici's comments)
// makes V8 hold the whole source as a two-byte string, twice the memory, and read it slower at every
// start. esbuild prints the same program with every string, template, regular expression and
// identifier escaped (charset: ascii); what non-ASCII is left can only be in comments, and is escaped
// there as text.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const target = process.argv[2];
if (!target) throw new Error('usage: tsx scripts/ascii-dist.ts dist');
const files = statSync(target).isDirectory()
  ? readdirSync(target).filter((f) => f.endsWith('.js')).map((f) => path.join(target, f))
  : [target];
for (const file of files) {
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'js', charset: 'ascii' });
  const ascii = code.replace(/\P{ASCII}/gu, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
  writeFileSync(file, ascii);
  console.log(`${file}: ${ascii.length} bytes, ASCII only`);
}
