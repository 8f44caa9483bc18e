// The fault matrix (see fault-matrix.ts): every case as a test against one local Hub, reset between cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CASES, runCase, startMatrix, type Matrix } from './fault-matrix.js';

let matrix: Matrix;

before(async () => {
  matrix = await startMatrix();
});
after(async () => matrix.close());

describe('fault matrix', () => {
  for (const c of CASES) {
    it(c.name, { timeout: (c.timeoutMs ?? 60_000) + 10_000 }, async () => {
      const r = await runCase(matrix, c);
      assert.equal(r.secretsSeen, 0, 'a secret was seen in the step output');
      assert.deepEqual(r.problems, [], `${c.name}: ${r.outcome}, ${r.tries} tries, ${r.builds} builds\n${r.log}`);
    });
  }
});
