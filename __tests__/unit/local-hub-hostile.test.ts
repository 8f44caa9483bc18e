// The local Hub's hostile mode: what it serves, and its HTTP hook.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkHostileMode, HOSTILE_COMMANDS, hostileMode, hostilePayloads, setHostileMode } from '../../local-hub/hostile.js';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import type { Task } from '../../local-hub/types.js';
import { readAsRunner } from '../../tools/runner-model.js';

const task = { upload: { buildEnv: { KEY: 'v"al/ü' } } } as unknown as Task;

describe('hostile Hub mode', () => {
  after(() => setHostileMode(undefined));

  it('serves nothing when off', () => {
    setHostileMode(undefined);
    assert.deepEqual(hostilePayloads(task), []);
    setHostileMode({ commands: false });
    assert.equal(hostileMode(), undefined);
  });

  it('its command lines do act on a runner when printed raw (so they test something)', () => {
    // All of them: the first stops every command until the last.
    const r = readAsRunner(HOSTILE_COMMANDS.join('\n'));
    assert.deepEqual(
      r.commands.map((c) => c.name),
      ['stop-commands', 'hostile-hub-token'],
    );
    const second = readAsRunner(HOSTILE_COMMANDS.filter((l) => !l.includes('stop-commands')).join('\n'));
    assert.ok(second.masks.includes('1'));
    assert.ok(second.annotations.some((a) => a.message.startsWith('forged')));
    assert.deepEqual(second.setOutputs, { uri: 'forged-uri' });
  });

  it('echoes each build-env value in every encoding, and floods', () => {
    setHostileMode({ echoSecrets: true, floodLines: 3 });
    const lines = hostilePayloads(task);
    assert.ok(lines.includes('echo KEY=v"al/ü'));
    assert.ok(lines.includes('json: {"KEY":"v\\"al/ü"}'));
    assert.ok(lines.includes(`url: https://example.invalid/?KEY=${encodeURIComponent('v"al/ü')}`));
    assert.equal(lines.filter((l) => l.startsWith('flood ')).length, 3);
  });

  it('refuses a malformed option with a sentence', () => {
    assert.throws(() => checkHostileMode({ floodLines: -1 }), /floodLines must be/);
    assert.throws(() => checkHostileMode({ commands: 'yes' }), /commands must be/);
    assert.throws(() => checkHostileMode({ other: true }), /unknown hostile option other/);
  });

  describe('POST /_hub/hostile', () => {
    let hub: LocalHub;
    before(async () => {
      hub = await startHub({});
    });
    after(() => hub.close());

    it('turns the mode on and off, and answers 400 to a bad body', async () => {
      const post = (body: unknown) => fetch(`${hub.url}/_hub/hostile`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      assert.equal((await post({ commands: true })).status, 200);
      assert.deepEqual(hostileMode(), { commands: true });
      assert.equal((await post({})).status, 200);
      assert.equal(hostileMode(), undefined);
      const bad = await post({ floodLines: 'many' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /floodLines must be/);
    });
  });
});
