// The YAML recipes of a Markdown file, as workflows actionlint can check: a recipe with `jobs:` is a
// workflow (given `on:` when it has none), a list of steps is wrapped into a one-job workflow, anything
// else (a Flow's YAML, say) is not a workflow and is left out. Each keeps the line it starts at in the
// Markdown file, so that a finding is reported where a person edits it.
import YAML from 'yaml';

/** One ```yaml block of a Markdown file. */
export interface YamlBlock {
  /** The Markdown line (1-based) of the block's first line of YAML. */
  line: number;
  /** The heading the block sits under, e.g. "On a release". */
  heading: string;
  text: string;
}

/** A recipe made into a workflow: workflow line N is Markdown line N + lineOffset. */
export interface RecipeWorkflow {
  block: YamlBlock;
  kind: 'workflow' | 'steps';
  text: string;
  lineOffset: number;
}

const FENCE_OPEN = /^\s*```ya?ml\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;
const HEADING = /^#{1,6}\s+(.*)$/;

export function yamlBlocks(markdown: string): YamlBlock[] {
  const lines = markdown.split('\n');
  const blocks: YamlBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = HEADING.exec(line);
    if (h) heading = (h[1] as string).trim();
    if (!FENCE_OPEN.test(line)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !FENCE_CLOSE.test(lines[end] as string)) end++;
    if (end === lines.length) throw new Error(`the yaml block at line ${start} is never closed`);
    blocks.push({ line: start + 1, heading, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** The block as a workflow, or undefined when it is neither a workflow nor a list of steps. */
export function asWorkflow(block: YamlBlock): RecipeWorkflow | undefined {
  const text = dedent(block.text);
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch {
    // Not even YAML: actionlint says where, as a workflow of its own.
    return { block, kind: 'workflow', text, lineOffset: block.line - 1 };
  }
  if (isRecord(doc) && 'jobs' in doc) {
    if ('on' in doc) return { block, kind: 'workflow', text, lineOffset: block.line - 1 };
    // A recipe may leave out its trigger; actionlint needs one.
    return { block, kind: 'workflow', text: `on: workflow_dispatch\n${text}`, lineOffset: block.line - 2 };
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every((s) => isRecord(s) && ('uses' in s || 'run' in s))) {
    const header = ['on: workflow_dispatch', 'jobs:', '  recipe:', '    runs-on: ubuntu-latest', '    steps:'];
    const body = text.split('\n').map((l) => (l === '' ? l : `      ${l}`));
    return { block, kind: 'steps', text: [...header, ...body].join('\n'), lineOffset: block.line - 1 - header.length };
  }
  return undefined;
}

/** Every `uses: <repository>@<ref>` of the action made `uses: ./`, so that it is checked against action.yml. */
export function usingLocalAction(text: string, repository: string): string {
  const escaped = repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(uses:\\s*)${escaped}@[^\\s#]+`, 'g'), '$1./');
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)?.[0].length ?? 0))).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
