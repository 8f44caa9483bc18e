// Realistic, compressible text from a seeded PRNG: Python-like modules, JSON records and Markdown
// pages, built from a fixed vocabulary so that deflate finds the repetition real source code has.
import type { Rng } from './rng.js';

const WORDS = [
  'batch', 'buffer', 'cache', 'config', 'context', 'data', 'device', 'dim', 'doc', 'docs', 'embedding', 'encoder',
  'feature', 'field', 'filter', 'index', 'input', 'item', 'key', 'label', 'layer', 'length', 'limit', 'matrix',
  'model', 'name', 'node', 'offset', 'output', 'params', 'path', 'pool', 'query', 'result', 'score', 'shape',
  'size', 'state', 'step', 'tensor', 'text', 'token', 'tokens', 'value', 'vector', 'weight', 'window', 'chunk',
  'request', 'response', 'session', 'stream', 'target', 'threshold', 'top', 'total', 'user', 'vocab', 'mask',
];
const VERBS = [
  'load', 'save', 'build', 'encode', 'decode', 'compute', 'update', 'apply', 'normalize', 'split', 'merge',
  'filter', 'rank', 'score', 'parse', 'render', 'check', 'validate', 'prepare', 'resolve', 'collect', 'reset',
];
const TYPES = ['int', 'float', 'str', 'bool', 'np.ndarray', 'DocumentArray', 'Dict[str, Any]', 'List[str]', 'Optional[int]'];
const PROSE = [
  'the', 'executor', 'reads', 'each', 'document', 'and', 'writes', 'its', 'embedding', 'into', 'a', 'shared',
  'index', 'when', 'batch', 'is', 'full', 'model', 'weights', 'are', 'loaded', 'once', 'at', 'start', 'with',
  'default', 'settings', 'you', 'can', 'change', 'through', 'uses_with', 'in', 'flow', 'this', 'section',
  'describes', 'how', 'to', 'configure', 'run', 'test', 'deploy', 'on', 'gpu', 'or', 'cpu', 'for', 'best', 'results',
];

function ident(rng: Rng): string {
  return rng.chance(0.5) ? rng.pick(WORDS) : `${rng.pick(WORDS)}_${rng.pick(WORDS)}`;
}

function className(rng: Rng): string {
  const w = rng.pick(WORDS);
  return `${w.charAt(0).toUpperCase()}${w.slice(1)}${rng.pick(['Encoder', 'Indexer', 'Ranker', 'Loader', 'Cache', 'Store', 'Config'])}`;
}

function expr(rng: Rng): string {
  switch (rng.int(0, 6)) {
    case 0:
      return `${ident(rng)} * ${rng.int(1, 512)}`;
    case 1:
      return `self.${ident(rng)}.${rng.pick(VERBS)}(${ident(rng)})`;
    case 2:
      return `[${ident(rng)} for ${rng.pick(WORDS)} in ${ident(rng)} if ${rng.pick(WORDS)} is not None]`;
    case 3:
      return `'${rng.pick(PROSE)}_${rng.pick(WORDS)}'`;
    case 4:
      return `np.${rng.pick(['zeros', 'ones', 'asarray', 'stack', 'concatenate'])}(${ident(rng)}, dtype=np.float32)`;
    case 5:
      return `len(${ident(rng)}) - ${rng.int(0, 9)}`;
    default:
      return `${ident(rng)}.get('${rng.pick(WORDS)}', ${rng.int(0, 100)})`;
  }
}

function sentence(rng: Rng, min: number, max: number): string {
  const n = rng.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(PROSE));
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function pyFunction(rng: Rng, indent: string, out: string[]): void {
  const args = Array.from({ length: rng.int(0, 4) }, () => `${ident(rng)}: ${rng.pick(TYPES)}`);
  const self = indent === '' ? [] : ['self'];
  out.push(`${indent}def ${rng.pick(VERBS)}_${ident(rng)}(${[...self, ...args, '**kwargs'].join(', ')}) -> ${rng.pick(TYPES)}:`);
  out.push(`${indent}    """${sentence(rng, 5, 14)}"""`);
  const lines = rng.int(3, 14);
  for (let i = 0; i < lines; i++) {
    const r = rng.next();
    if (r < 0.55) out.push(`${indent}    ${ident(rng)} = ${expr(rng)}`);
    else if (r < 0.7) {
      out.push(`${indent}    if ${ident(rng)} > ${rng.int(0, 64)}:`);
      out.push(`${indent}        ${ident(rng)} = ${expr(rng)}`);
    } else if (r < 0.82) {
      out.push(`${indent}    for ${rng.pick(WORDS)} in ${ident(rng)}:`);
      out.push(`${indent}        self.${ident(rng)}.append(${expr(rng)})`);
    } else if (r < 0.9) out.push(`${indent}    # ${sentence(rng, 4, 10)}`);
    else out.push(`${indent}    logger.debug('${rng.pick(VERBS)} %s', ${ident(rng)})`);
  }
  out.push(`${indent}    return ${expr(rng)}`, '');
}

export function pythonModule(rng: Rng, bytes: number): string {
  const out: string[] = [
    `"""${sentence(rng, 6, 16)}"""`,
    'import logging',
    'from typing import Any, Dict, List, Optional',
    '',
    'import numpy as np',
    'from jina import DocumentArray, Executor, requests',
    '',
    'logger = logging.getLogger(__name__)',
    `${ident(rng).toUpperCase()} = ${rng.int(1, 4096)}`,
    '',
  ];
  let size = 0;
  let mark = 0;
  while (size < bytes) {
    if (rng.chance(0.35)) {
      out.push(`class ${className(rng)}(${rng.pick(['Executor', 'object', 'Dict[str, Any]'])}):`);
      out.push(`    """${sentence(rng, 6, 18)}"""`, '');
      const methods = rng.int(2, 6);
      for (let i = 0; i < methods; i++) pyFunction(rng, '    ', out);
    } else {
      pyFunction(rng, '', out);
    }
    for (; mark < out.length; mark++) size += (out[mark] as string).length + 1;
  }
  return fit(out.join('\n'), bytes);
}

export function jsonDocument(rng: Rng, bytes: number): string {
  const records: string[] = [];
  let size = 0;
  let id = rng.int(1, 100000);
  while (size < bytes) {
    const tags = Array.from({ length: rng.int(1, 4) }, () => `"${rng.pick(WORDS)}"`).join(', ');
    const vec = Array.from({ length: rng.int(4, 12) }, () => (rng.next() * 2 - 1).toFixed(4)).join(', ');
    const rec = `  {"id": ${id++}, "${rng.pick(WORDS)}": "${sentence(rng, 3, 9)}", "tags": [${tags}], "score": ${rng.next().toFixed(6)}, "${rng.pick(WORDS)}": [${vec}], "enabled": ${rng.chance(0.5)}}`;
    records.push(rec);
    size += rec.length + 2;
  }
  return fit(`[\n${records.join(',\n')}\n]\n`, bytes);
}

export function markdownPage(rng: Rng, bytes: number): string {
  const out: string[] = [`# ${className(rng)}`, '', sentence(rng, 8, 20), ''];
  let size = 0;
  let mark = 0;
  while (size < bytes) {
    const r = rng.next();
    if (r < 0.15) out.push(`## ${rng.pick(VERBS)} the ${rng.pick(WORDS)}`, '');
    else if (r < 0.55) out.push(Array.from({ length: rng.int(2, 6) }, () => sentence(rng, 6, 22)).join(' '), '');
    else if (r < 0.75) {
      for (let i = rng.int(2, 5); i > 0; i--) out.push(`- \`${ident(rng)}\`: ${sentence(rng, 4, 12)}`);
      out.push('');
    } else if (r < 0.9) {
      out.push('```python');
      for (let i = rng.int(2, 6); i > 0; i--) out.push(`${ident(rng)} = ${expr(rng)}`);
      out.push('```', '');
    } else {
      out.push(`| ${rng.pick(WORDS)} | ${rng.pick(WORDS)} | ${rng.pick(WORDS)} |`, '| --- | --- | --- |');
      for (let i = rng.int(2, 6); i > 0; i--) out.push(`| \`${ident(rng)}\` | ${rng.int(0, 999)} | ${rng.pick(PROSE)} |`);
      out.push('');
    }
    for (; mark < out.length; mark++) size += (out[mark] as string).length + 1;
  }
  return fit(out.join('\n'), bytes);
}

/** Cuts the text at the last line break before `bytes` (all generated text is ASCII) and ends it with one. */
function fit(text: string, bytes: number): string {
  if (text.length <= bytes) return text.endsWith('\n') ? text : `${text}\n`;
  const cut = text.lastIndexOf('\n', bytes - 1);
  return `${text.slice(0, cut > 0 ? cut : bytes - 1)}\n`;
}
