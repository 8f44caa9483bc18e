// The fault matrix (see fault-matrix.ts): every case as a test against one local Hub, reset between cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { CASES, HUB_OPTIONS, runCase } from './fault-matrix.js';

let hub: LocalHub;

before(async () => {
  hub = await startHub({ ...HUB_OPTIONS, tokens: { ...HUB_OPTIONS.tokens } });
});
after(async () => hub.close());

describe('fault matrix', () => {
  for (const c of CASES) {
    it(c.name, { timeout: (c.timeoutMs ?? 60_000) + 10_000 }, async () => {
      const r = await runCase(hub, c);
      assert.equal(r.secretsSeen, 0, 'a secret was seen in the step output');
      assert.deepEqual(r.problems, [], `${c.name}: ${r.outcome}, ${r.tries} tries, ${r.builds} builds\n${r.log}`);
    });
  }
});
