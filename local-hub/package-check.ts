/**
 * Build checks on an uploaded package: read the zip from disk with yauzl and decide the executor
 * name, or the reason the build fails.
 */
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { parse as parseYaml } from 'yaml';

const MAX_READ = 1024 * 1024;
const WANTED = new Set(['config.yml', 'manifest.yml', 'requirements.txt']);

export interface PackageInfo {
  entries: Set<string>;
  files: Map<string, string>;
}

function normalize(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_READ) {
      stream.destroy();
      break;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Lists the entries of the zip and reads its top-level config.yml, manifest.yml and requirements.txt. */
export async function readPackage(path: string): Promise<PackageInfo> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  try {
    const entries = new Set<string>();
    const files = new Map<string, string>();
    for await (const entry of zip.eachEntry()) {
      const name = normalize(entry.fileName);
      if (name === '' || name.endsWith('/')) continue;
      entries.add(name);
      if (WANTED.has(name)) files.set(name, await readText(await zip.openReadStreamPromise(entry)));
    }
    return { entries, files };
  } finally {
    zip.close();
  }
}

export interface CheckInput {
  /** createAsync: the `id` field the package name must equal. */
  expectedName: string | null;
  dockerfile: string | null;
  buildEnv: Record<string, string>;
}

export interface CheckResult {
  name: string | null;
  /** Set when the build must fail. */
  failure: string | null;
  /** Informational log lines for the build. */
  notes: string[];
}

function yamlObject(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  const value: unknown = parseYaml(text, { logLevel: 'silent' });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The executor name: `metas.name` in config.yml, else `name` in manifest.yml. Throws on invalid YAML. */
export function executorName(info: PackageInfo): string | null {
  const config = yamlObject(info.files.get('config.yml'));
  const metas = config?.['metas'];
  if (typeof metas === 'object' && metas !== null) {
    const name = (metas as Record<string, unknown>)['name'];
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  }
  const manifest = yamlObject(info.files.get('manifest.yml'));
  const name = manifest?.['name'];
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  return null;
}

/** Variables `${VAR}` used in requirements.txt. */
export function requirementVars(text: string | undefined): string[] {
  if (text === undefined) return [];
  const vars: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const v = m[1] ?? '';
    if (!vars.includes(v)) vars.push(v);
  }
  return vars;
}

export function checkPackage(info: PackageInfo, input: CheckInput): CheckResult {
  const notes: string[] = [];
  let name: string | null;
  try {
    name = executorName(info);
  } catch (err) {
    return { name: null, failure: `invalid YAML in the package: ${(err as Error).message}`, notes };
  }
  if (name === null) {
    return { name: null, failure: 'no executor name: config.yml has no metas.name and manifest.yml has no name', notes };
  }
  if (input.expectedName !== null && name !== input.expectedName) {
    return {
      name,
      failure: `the executor name in the package (${name}) does not match the id field (${input.expectedName})`,
      notes,
    };
  }
  if (input.dockerfile !== null) {
    if (!info.entries.has(normalize(input.dockerfile))) {
      return { name, failure: `Dockerfile ${input.dockerfile} not found in the package`, notes };
    }
  } else if (!info.entries.has('Dockerfile')) {
    notes.push('no Dockerfile: generating one from the default jina base image');
  }
  const missing = requirementVars(info.files.get('requirements.txt')).filter((v) => !(v in input.buildEnv));
  if (missing.length > 0) {
    return {
      name,
      failure: `requirements.txt uses build env ${missing.map((v) => `\${${v}}`).join(', ')} but buildEnv has no ${missing.join(', ')}`,
      notes,
    };
  }
  return { name, failure: null, notes };
}

/** Reads and checks a package; an unreadable zip is a failure, never a throw. */
export async function inspectPackage(path: string, input: CheckInput): Promise<CheckResult> {
  let info: PackageInfo;
  try {
    info = await readPackage(path);
  } catch (err) {
    return { name: null, failure: `the package cannot be read as a zip file: ${(err as Error).message}`, notes: [] };
  }
  return checkPackage(info, input);
}
