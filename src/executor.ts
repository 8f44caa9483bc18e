// What the executor folder says, read as the clients read it: its name (config.yml `metas.name`, else
// manifest.yml `name`), the ${VARS} its requirements need, and the Dockerfile rule.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readRegularText } from './files.js';
import { InputError } from './inputs.js';

export interface ExecutorFolder {
  name: string;
  /** Where the name came from, for messages: "config.yml metas.name", "manifest.yml name" or "force-update". */
  nameSource: string;
  /** What may be wrong with the name: each a sentence for a warning. */
  nameWarnings: string[];
  /** Every ${VAR} that requirements.txt uses, in order of first use. */
  requiredEnv: string[];
  /** Every bare $VAR in requirements.txt: the Hub does not substitute those. */
  bareEnv: string[];
  /** Every ${...} whose name no build-env key can have (lower-case, empty...). */
  invalidEnv: string[];
}

export interface ReadOptions {
  /**
   * The name to go by when the folder gives none (with force-update and a secret the clients push
   * such a folder: the Hub is told which executor by the force-update value).
   */
  nameless?: string;
}

export async function readExecutorFolder(folder: string, options: ReadOptions = {}): Promise<ExecutorFolder> {
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat) throw new InputError(`path "${folder}" does not exist: set path to the executor folder.`);
  if (!stat.isDirectory()) throw new InputError(`path "${folder}" is not a folder: set path to the executor folder.`);

  const found = await readName(folder, options);
  const requirements = await readRegularText(path.join(folder, 'requirements.txt'));
  return { ...found, ...envReferences(requirements ?? '') };
}

const CONFIG = 'config.yml';
const MANIFEST = 'manifest.yml';

async function readName(folder: string, options: ReadOptions): Promise<Pick<ExecutorFolder, 'name' | 'nameSource' | 'nameWarnings'>> {
  const config = await readRegularText(path.join(folder, CONFIG));
  const configYaml = config === undefined ? undefined : parseYaml(config, CONFIG);
  const manifest = await readRegularText(path.join(folder, MANIFEST));
  const manifestName = manifest === undefined ? undefined : nameAt(parseYaml(manifest, MANIFEST), ['name']);
  const fromConfig = configYaml === undefined ? undefined : nameAt(configYaml, ['metas', 'name']);

  if (fromConfig !== undefined) {
    const source = `${CONFIG} metas.name`;
    const warnings = nameWarnings(fromConfig, source);
    if (manifestName !== undefined && manifestName !== fromConfig) {
      warnings.push(
        `the executor is published as "${fromConfig}" (from ${source}), while ${MANIFEST} names it "${manifestName}": ` +
          `jina hub push also goes by metas.name, which is often the name of the executor at run time; ` +
          `if "${manifestName}" is meant, set metas.name: ${manifestName} in ${CONFIG}.`,
      );
    }
    return { name: fromConfig, nameSource: source, nameWarnings: warnings };
  }
  if (manifestName !== undefined) {
    const source = `${MANIFEST} name`;
    return { name: manifestName, nameSource: source, nameWarnings: nameWarnings(manifestName, source) };
  }
  if (options.nameless !== undefined) return { name: options.nameless, nameSource: 'force-update', nameWarnings: [] };

  if (config === undefined && manifest === undefined) {
    const below = await globBelow(folder);
    if (below) {
      throw new InputError(
        `${folder} holds no executor (no ${CONFIG} or ${MANIFEST}), but folders below it do: set path: ${below} to publish each of them.`,
      );
    }
  }
  throw new InputError(
    `no executor name in ${folder}: set metas.name in ${CONFIG} (or name in ${MANIFEST}), or push with force-update and the executor's secret.`,
  );
}

/** Names the clients send as they are but that look unintended. */
function nameWarnings(name: string, source: string): string[] {
  const warnings: string[] = [];
  if (/\$\{\{?/.test(name)) {
    warnings.push(
      `the executor name "${name}" (${source}) is an expression that Jina resolves when the executor runs; ` +
        'the Hub gets it as written: give the name itself.',
    );
  } else if (/[\s/\\:]/.test(name)) {
    warnings.push(`the executor name "${name}" (${source}) holds a space, '/', '\\' or ':': the Hub may refuse it.`);
  }
  return warnings;
}

/** The glob `path` would need: `folder/*` when executors sit right below it, `folder/*\/*` one level further. */
async function globBelow(folder: string): Promise<string | undefined> {
  const label = (path.relative(process.cwd(), folder) || '.').split(path.sep).join('/');
  const prefix = label === '.' ? '' : `${label}/`;
  const children = await subfolders(folder);
  if ((await Promise.all(children.map(isExecutorFolder))).some(Boolean)) return `${prefix}*`;
  for (const child of children) {
    const grandchildren = await subfolders(child);
    if ((await Promise.all(grandchildren.map(isExecutorFolder))).some(Boolean)) return `${prefix}*/*`;
  }
  return undefined;
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => path.join(dir, e.name));
}

/** A folder with config.yml or manifest.yml: what `path` globs keep. */
export async function isExecutorFolder(dir: string): Promise<boolean> {
  for (const name of [CONFIG, MANIFEST]) {
    if ((await fs.stat(path.join(dir, name)).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}

function parseYaml(text: string, file: string): unknown {
  // Jina configs may carry custom tags (`!MyExecutor`); those resolve to plain values here.
  const doc = YAML.parseDocument(text, { logLevel: 'silent', strict: false, uniqueKeys: false });
  const fatal = doc.errors[0];
  if (fatal) throw new InputError(`${file} is not valid YAML: ${fatal.message.split('\n')[0]}`);
  return doc.toJS({ maxAliasCount: 100 });
}

/** A usable name at `keys`: a non-blank string (as written) or a number, as the clients send it. */
function nameAt(value: unknown, keys: string[]): string | undefined {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string' && node.trim()) return node.trim();
  if (typeof node === 'number' && node !== 0) return String(node);
  return undefined;
}

/**
 * The ${VAR} and bare $VAR references of a requirements.txt, read as the clients read it: blank lines
 * and lines starting with `#` skipped, only ${UPPER_CASE} names required. One pass over each line.
 */
export function envReferences(text: string): { requiredEnv: string[]; bareEnv: string[]; invalidEnv: string[] } {
  const required = new Set<string>();
  const invalid = new Set<string>();
  const bare = new Set<string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    let i = line.indexOf('$');
    while (i !== -1) {
      if (line[i + 1] === '{') {
        // ${NAME}: the name runs to the first '}', and holds no space or '$' (then it is no reference).
        let j = i + 2;
        while (j < line.length && line[j] !== '}' && line[j] !== '$' && !/\s/.test(line[j] as string)) j++;
        if (line[j] === '}') {
          const key = line.slice(i + 2, j);
          (/^[A-Z0-9_]+$/.test(key) ? required : invalid).add(key);
          j++;
        }
        i = line.indexOf('$', j);
        continue;
      }
      if (line[i - 1] !== '$') {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i + 1, i + 257));
        if (m) bare.add(m[0]);
      }
      i = line.indexOf('$', i + 1);
    }
  }
  return { requiredEnv: [...required], bareEnv: [...bare], invalidEnv: [...invalid] };
}

/** The build-env keys that requirements.txt needs and the inputs do not give. */
export function missingEnv(required: string[], buildEnv: Record<string, string>): string[] {
  return required.filter((key) => !(key in buildEnv));
}

/**
 * The clients' rule: the Dockerfile given lies directly in the executor folder (not in a subfolder),
 * and exists as a file there. `dockerfile` is relative to the folder, '/'-separated.
 */
export async function checkDockerfile(folder: string, dockerfile: string, input = 'dockerfile'): Promise<void> {
  if (dockerfile.includes('/')) {
    throw new InputError(
      `${input} "${dockerfile}" is in a subfolder of ${folder}: the Hub builds only a Dockerfile that lies directly in the executor folder (as jina hub push requires), so move it there.`,
    );
  }
  const stat = await fs.stat(path.join(folder, dockerfile)).catch(() => undefined);
  if (!stat) throw new InputError(`${input} "${dockerfile}" does not exist in ${folder}: check the ${input} input.`);
  if (!stat.isFile()) throw new InputError(`${input} "${dockerfile}" is not a file: check the ${input} input.`);
}
