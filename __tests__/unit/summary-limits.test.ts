// The job summary stays under the runner's 1 MiB limit (over it, the runner drops the summary whole).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { addSecret } from '../../src/log.js';
import { newFacts, writeSummaries, writeSummary, type SummaryFacts } from '../../src/report.js';

const MIB = 1024 * 1024;

// @actions/core reads GITHUB_STEP_SUMMARY once: one file for every test, emptied before each.
const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'summary-')), 'summary');
process.env.GITHUB_STEP_SUMMARY = file;
after(() => fs.rm(path.dirname(file), { recursive: true, force: true }));

async function summaryOf(write: () => Promise<void>): Promise<string> {
  await fs.writeFile(file, '');
  await write();
  return fs.readFile(file, 'utf8');
}

function failed(name: string, reason: string): SummaryFacts {
  return { ...newFacts(), name, outcome: 'failed', reason, taskId: `task-${name}` };
}

describe('job summary limits', () => {
  it('one executor with a huge reason: the reason is cut with a note', async () => {
    const text = await summaryOf(() => writeSummary(failed('Big', `start ${'x'.repeat(3 * MIB)} end`)));
    assert.ok(Buffer.byteLength(text) < MIB, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /Why:<\/strong> start x+\.\.\. \(cut: the whole reason is in the step log\)/);
  });

  it('many executors with long reasons: under 1 MiB, every row while they fit, and a note for the rest', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => failed(`Exec${i}`, `reason ${i} ${'y'.repeat(5000)}`));
    const text = await summaryOf(() => writeSummaries(list));
    assert.ok(Buffer.byteLength(text) < MIB, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /3000 executors: 3000 failed/);
    assert.match(text, /Exec0</);
    const shown = (text.match(/<td>Exec\d+<\/td>/g) ?? []).length;
    assert.ok(shown > 100, `${shown} rows`);
    if (shown < 3000) assert.match(text, new RegExp(`${3000 - shown} more executors are left out`));
  });

  it('a few executors keep their whole reasons', async () => {
    const text = await summaryOf(() => writeSummaries([failed('A', `a ${'z'.repeat(1500)} END`), failed('B', 'short')]));
    assert.match(text, /z END</);
    assert.doesNotMatch(text, /left out/);
  });

  for (const secret of ['q"w\\e/r+t y-ü', 'line-one"\\/+ ü\nline-two-x']) {
    it(`holds no form of a secret: JSON-escaped, URL-encoded or base64 (${JSON.stringify(secret)})`, async () => {
      addSecret(secret);
      const forms = [JSON.stringify(secret), JSON.stringify({ s: secret }), encodeURIComponent(secret), Buffer.from(`x:${secret}`).toString('base64')];
      const text = await summaryOf(() => writeSummaries([failed('A', forms.join(' ')), failed('B', `the ${secret}`)]));
      for (const form of [secret, ...forms, ...secret.split('\n')]) assert.ok(!text.includes(form), form);
      const one = await summaryOf(() => writeSummary(failed('C', `echo ${forms.join(' | ')}`)));
      for (const form of [secret, ...forms]) assert.ok(!one.includes(form), form);
    });
  }
});
