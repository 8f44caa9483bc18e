// npm run faults: runs the fault matrix of the end to end tests against a local Hub and prints it as a
// Markdown table (fault | outcome | tries | builds created | seconds | secrets seen | peak RSS). Exits 1 when a
// case missed its expectation or any secret was seen. Runs dist/index.js, or the bundle named by ACTION_DIST.
// Arguments: words that pick the cases whose name holds them; --logs prints each step's log.
import { CASES, runCase, startMatrix, table, type CaseResult } from '../__tests__/e2e/fault-matrix.js';
import { DIST } from '../tools/runner.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const showLogs = args.includes('--logs');
  const only = args
    .filter((a) => a !== '--logs')
    .join(' ')
    .toLowerCase();
  const cases = only === '' ? CASES : CASES.filter((c) => c.name.toLowerCase().includes(only));
  if (cases.length === 0) {
    process.stderr.write(`faults: no case matches "${only}"\n`);
    return 2;
  }
  process.stderr.write(`faults: ${cases.length} cases against ${DIST}\n`);
  const matrix = await startMatrix();
  const results: CaseResult[] = [];
  try {
    for (const c of cases) {
      const r = await runCase(matrix, c);
      results.push(r);
      process.stderr.write(`  ${r.problems.length === 0 ? 'ok  ' : 'MISS'} ${c.name} (${r.seconds.toFixed(1)}s)\n`);
      if (showLogs) process.stderr.write(`${r.log.replace(/^/gm, '    | ')}\n`);
    }
  } finally {
    await matrix.close();
  }
  process.stdout.write(`${table(results)}\n`);
  const missed = results.filter((r) => r.problems.length > 0);
  const secrets = results.reduce((sum, r) => sum + r.secretsSeen, 0);
  if (missed.length > 0) {
    process.stdout.write(`\n${missed.length} of ${results.length} cases missed their expectation:\n`);
    for (const r of missed) process.stdout.write(`- ${r.name}: ${r.problems.join('; ')}\n`);
  }
  if (secrets > 0) process.stdout.write(`\n${secrets} secret values were seen in the steps' output\n`);
  return missed.length > 0 || secrets > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`faults: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
