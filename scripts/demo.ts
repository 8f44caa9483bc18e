// npm run demo: starts the local Hub on 127.0.0.1, publishes examples/MyEncoder through
// dist/index.js exactly as a runner would, prints the step's log, outputs and job summary, stops.
import path from 'node:path';
import { startHub } from '../local-hub/server.js';
import { ROOT, runStep } from '../tools/runner.js';

const TOKEN = 'demo-token';
const hub = await startHub({ tokens: { [TOKEN]: 'demo' }, buildMs: 3000 });
console.log(`local Hub listening on ${hub.url} (token "${TOKEN}" belongs to owner "demo")\n`);

const inputs = {
  path: path.join(ROOT, 'examples', 'MyEncoder'),
  token: TOKEN,
  tags: 'v1.0.0\nlatest',
  'protected-tags': 'v1.0.0',
  'build-env': 'PRIVATE_TOKEN=demo-private-token',
  verbose: 'true',
  registry: hub.url,
};
console.log('step inputs (with:):');
for (const [k, v] of Object.entries(inputs)) console.log(`  ${k}: ${JSON.stringify(v)}`);
console.log('\n--- step log (as the runner sees it; ::add-mask:: lines are hidden by a real runner) ---');

try {
  const step = await runStep(inputs, { onLog: (chunk) => process.stdout.write(chunk), timeoutMs: 120_000 });
  console.log(`--- step exited with code ${step.code} ---\n`);
  console.log('step outputs (steps.<id>.outputs):');
  for (const [k, v] of Object.entries(step.outputs)) console.log(`  ${k}: ${v}`);
  console.log('\njob summary ($GITHUB_STEP_SUMMARY):\n');
  console.log(step.summary);
  const state = hub.state();
  console.log(`the local Hub now holds ${state.executors.length} executor(s) and ${state.tasks.length} build task(s).`);
  process.exitCode = step.code === 0 ? 0 : 1;
} finally {
  await hub.close();
}
