// What the executor folder says: its name, the ${VARS} its requirements need, its Dockerfile.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { BUILD_ENV_KEY, InputError } from './inputs.js';
import { isWithin } from './paths.js';

export interface ExecutorFolder {
  name: string;
  /** Where the name came from, for messages: "config.yml" or "manifest.yml". */
  nameSource: string;
  /** Every ${VAR} that requirements.txt uses, in order of first use. */
  requiredEnv: string[];
  /** Every bare $VAR in requirements.txt: the Hub does not substitute those. */
  bareEnv: string[];
  /** Every ${...} whose name no build-env key can have (lower-case, empty...). */
  invalidEnv: string[];
}

export async function readExecutorFolder(folder: string): Promise<ExecutorFolder> {
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat) throw new InputError(`path "${folder}" does not exist: set path to the executor folder.`);
  if (!stat.isDirectory()) throw new InputError(`path "${folder}" is not a folder: set path to the executor folder.`);

  const found = await readName(folder);
  const requirements = await readText(path.join(folder, 'requirements.txt'));
  return { ...found, ...envReferences(requirements ?? '') };
}

async function readName(folder: string): Promise<{ name: string; nameSource: string }> {
  const config = await readText(path.join(folder, 'config.yml'));
  const fromConfig = config === undefined ? undefined : stringAt(parseYaml(config, 'config.yml'), ['metas', 'name']);
  if (fromConfig) return { name: checkName(fromConfig, 'config.yml'), nameSource: 'config.yml' };

  const manifest = await readText(path.join(folder, 'manifest.yml'));
  const fromManifest = manifest === undefined ? undefined : stringAt(parseYaml(manifest, 'manifest.yml'), ['name']);
  if (fromManifest) return { name: checkName(fromManifest, 'manifest.yml'), nameSource: 'manifest.yml' };

  throw new InputError(
    `no executor name in ${folder}: set metas.name in config.yml (or name in manifest.yml).`,
  );
}

function checkName(name: string, source: string): string {
  if (!/^[^\s/:\\]+$/.test(name)) {
    throw new InputError(`executor name "${name}" in ${source} is not valid: use a name without spaces, '/', '\\' or ':'.`);
  }
  return name;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseYaml(text: string, file: string): unknown {
  // Jina configs may carry custom tags (`!MyExecutor`); those resolve to plain values here.
  const doc = YAML.parseDocument(text, { logLevel: 'silent', strict: false, uniqueKeys: false });
  const fatal = doc.errors[0];
  if (fatal) throw new InputError(`${file} is not valid YAML: ${fatal.message.split('\n')[0]}`);
  return doc.toJS({ maxAliasCount: 100 });
}

function stringAt(value: unknown, keys: string[]): string | undefined {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string' && node.trim()) return node.trim();
  if (typeof node === 'number') return String(node);
  return undefined;
}

/** The ${VAR} and bare $VAR references of a requirements.txt. */
export function envReferences(text: string): { requiredEnv: string[]; bareEnv: string[]; invalidEnv: string[] } {
  const required = new Set<string>();
  const invalid = new Set<string>();
  for (const m of text.matchAll(/\$\{([^}\s]*)\}/g)) {
    const key = m[1] as string;
    (BUILD_ENV_KEY.test(key) ? required : invalid).add(key);
  }
  const bare = new Set<string>();
  for (const m of text.matchAll(/(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)/g)) bare.add(m[1] as string);
  return { requiredEnv: [...required], bareEnv: [...bare], invalidEnv: [...invalid] };
}

/** The build-env keys that requirements.txt needs and the inputs do not give. */
export function missingEnv(required: string[], buildEnv: Record<string, string>): string[] {
  return required.filter((key) => !(key in buildEnv));
}

/** Checks that the Dockerfile given as input exists inside the folder (the path is already relative). */
export async function checkDockerfile(folder: string, dockerfile: string): Promise<void> {
  const absolute = path.join(folder, ...dockerfile.split('/'));
  const real = await fs.realpath(absolute).catch(() => undefined);
  if (!real) throw new InputError(`dockerfile "${dockerfile}" does not exist in ${folder}: check the dockerfile input.`);
  const realFolder = await fs.realpath(folder);
  if (!isWithin(realFolder, real)) {
    throw new InputError(`dockerfile "${dockerfile}" links outside the executor folder ${folder}: give a file inside it.`);
  }
  if (!(await fs.stat(real)).isFile()) {
    throw new InputError(`dockerfile "${dockerfile}" is not a file: check the dockerfile input.`);
  }
}
