// The benchmark's executor folder: ~40 MiB of source in ~3,000 files plus S MiB of weights, generated
// from a seed so that every run writes the same bytes. A marker file next to the folder holds the spec
// it was made from; a folder whose marker is missing or different is made again.
import { createCipheriv, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Rng } from './rng.js';
import { jsonDocument, markdownPage, pythonModule } from './textgen.js';

export const MiB = 1024 * 1024;
export const EXECUTOR_NAME = 'BenchEncoder';

export interface DataSpec {
  generator: number;
  seed: number;
  name: string;
  /** Weights in MiB (the S of the benchmark). */
  weightsMiB: number;
  sourceMiB: number;
  /** Files in the folder, all kinds together. */
  files: number;
  shardMiB: number;
}

export interface BenchFolder {
  folder: string;
  spec: DataSpec;
  files: number;
  sourceBytes: number;
  weightBytes: number;
  /** Milliseconds spent generating, or null when the folder was already there. */
  generatedMs: number | null;
}

export function specFor(weightsMiB: number): DataSpec {
  return { generator: 1, seed: 0x5eed2024, name: EXECUTOR_NAME, weightsMiB, sourceMiB: 40, files: 3000, shardMiB: 25 };
}

interface Marker {
  spec: DataSpec;
  files: number;
  sourceBytes: number;
  weightBytes: number;
}

/** Makes bench-data/folders/s<S> unless a folder made from the same spec is already there. */
export async function ensureFolder(root: string, weightsMiB: number): Promise<BenchFolder> {
  const spec = specFor(weightsMiB);
  const folder = path.join(root, `s${weightsMiB}`);
  const markerFile = path.join(root, `s${weightsMiB}.spec.json`);
  const old = await fs.readFile(markerFile, 'utf8').then((t) => JSON.parse(t) as Marker, () => undefined);
  const present = await fs.stat(folder).then((s) => s.isDirectory(), () => false);
  if (old && present && JSON.stringify(old.spec) === JSON.stringify(spec)) {
    return { folder, spec, files: old.files, sourceBytes: old.sourceBytes, weightBytes: old.weightBytes, generatedMs: null };
  }
  const start = performance.now();
  await fs.rm(markerFile, { force: true });
  await fs.rm(folder, { recursive: true, force: true });
  const made = await generate(folder, spec);
  const marker: Marker = { spec, ...made };
  await fs.writeFile(markerFile, `${JSON.stringify(marker, null, 2)}\n`);
  return { folder, spec, ...made, generatedMs: performance.now() - start };
}

async function write(folder: string, name: string, content: string | Buffer): Promise<number> {
  const file = path.join(folder, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return typeof content === 'string' ? Buffer.byteLength(content) : content.length;
}

async function generate(folder: string, spec: DataSpec): Promise<Omit<Marker, 'spec'>> {
  await fs.mkdir(folder, { recursive: true });
  const rng = new Rng(spec.seed);
  let sourceBytes = 0;
  let files = 0;
  for (const [name, content] of Object.entries(fixedFiles(spec))) {
    sourceBytes += await write(folder, name, content);
    files++;
  }

  const weights = weightPlan(spec);
  let weightBytes = 0;
  for (const w of weights) {
    await writeKeystream(path.join(folder, w.name), w.bytes, `${spec.seed}:${w.name}`);
    weightBytes += w.bytes;
    files++;
  }

  const count = spec.files - files;
  const raw = Array.from({ length: count }, () => Math.exp(rng.gauss() * 0.9));
  const budget = spec.sourceMiB * MiB - sourceBytes;
  const scale = budget / raw.reduce((a, b) => a + b, 0);
  const pkgs = ['core', 'models', 'index', 'serve', 'utils', 'text', 'vision', 'audio'];
  const subs = ['ops', 'layers', 'io', 'metrics', 'tokenize', 'pipeline'];
  const topics = ['guides', 'api', 'recipes', 'notes', 'changelog'];
  const sets = ['fixtures', 'labels', 'vocab', 'samples', 'configs'];
  for (let i = 0; i < count; i++) {
    const bytes = Math.max(200, Math.round((raw[i] as number) * scale));
    const kind = rng.next();
    const n = String(i).padStart(4, '0');
    let name: string;
    let text: string;
    if (kind < 0.7) {
      name = `bench_encoder/${rng.pick(pkgs)}/${rng.pick(subs)}/${rng.pick(['load', 'encode', 'rank', 'split', 'merge'])}_${n}.py`;
      text = pythonModule(rng, bytes);
    } else if (kind < 0.85) {
      name = `data/${rng.pick(sets)}/${rng.pick(['train', 'eval', 'test'])}_${n}.json`;
      text = jsonDocument(rng, bytes);
    } else {
      name = `docs/${rng.pick(topics)}/page-${n}.md`;
      text = markdownPage(rng, bytes);
    }
    sourceBytes += await write(folder, name, text);
    files++;
  }
  return { files, sourceBytes, weightBytes };
}

/** Half the weights in one model.onnx, the rest in shards of shardMiB. */
function weightPlan(spec: DataSpec): Array<{ name: string; bytes: number }> {
  const total = spec.weightsMiB * MiB;
  const main = Math.floor(spec.weightsMiB / 2) * MiB;
  const plan = [{ name: 'models/model.onnx', bytes: main }];
  let left = total - main;
  for (let i = 0; left > 0; i++) {
    const bytes = Math.min(left, spec.shardMiB * MiB);
    plan.push({ name: `models/shards/shard-${String(i).padStart(3, '0')}.bin`, bytes });
    left -= bytes;
  }
  return plan;
}

/** Incompressible, repeatable bytes: the AES-256-CTR keystream of a key and IV derived from `label`. */
async function writeKeystream(file: string, bytes: number, label: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const key = createHash('sha256').update(`bench-weights:${label}`).digest();
  const iv = createHash('md5').update(`bench-iv:${label}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const zeros = Buffer.alloc(4 * MiB);
  const handle = await fs.open(file, 'w');
  try {
    for (let left = bytes; left > 0; ) {
      const n = Math.min(left, zeros.length);
      await handle.write(cipher.update(zeros.subarray(0, n)));
      left -= n;
    }
  } finally {
    await handle.close();
  }
}

function fixedFiles(spec: DataSpec): Record<string, string> {
  return {
    'config.yml': [
      'jtype: MyBench',
      'metas:',
      `  name: ${spec.name}`,
      `  description: A generated executor for the packaging benchmark (${spec.weightsMiB} MiB of weights)`,
      '  url: https://github.com/owner/repo',
      '  keywords: [benchmark, encoder]',
      'py_modules:',
      '  - executor.py',
      '',
    ].join('\n'),
    'executor.py': [
      'import numpy as np',
      'from jina import DocumentArray, Executor, requests',
      '',
      '',
      'class MyBench(Executor):',
      '    """Encodes each document with the weights under models/ (a benchmark fixture)."""',
      '',
      '    def __init__(self, dim: int = 256, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.dim = dim',
      '',
      '    @requests',
      '    def encode(self, docs: DocumentArray, **kwargs):',
      '        for doc in docs:',
      '            doc.embedding = np.zeros(self.dim, dtype=np.float32)',
      '',
    ].join('\n'),
    'requirements.txt': 'numpy>=1.24\nonnxruntime>=1.16\n',
    Dockerfile: [
      'FROM jinaai/jina:3-py38-standard',
      '',
      'COPY requirements.txt /workspace/requirements.txt',
      'RUN pip install --no-cache-dir -r /workspace/requirements.txt',
      '',
      'COPY . /workspace',
      'WORKDIR /workspace',
      '',
      'ENTRYPOINT ["jina", "executor", "--uses", "config.yml"]',
      '',
    ].join('\n'),
    'README.md': `# ${spec.name}\n\nA generated executor for the packaging benchmark of the Hub push action: source, data, docs and ${spec.weightsMiB} MiB of weights.\n`,
    '.gitignore': '__pycache__/\n*.py[cod]\n.venv/\n',
  };
}
