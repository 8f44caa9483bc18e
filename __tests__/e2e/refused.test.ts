// Every bad input ends the step with one sentence naming the offending value, and nothing is sent.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { annotationsOf, assertNoSecretShown, executorFolder, logOf, runStep } from './harness.js';

const TOKEN = 'dave-token-9d1e';
let hub: LocalHub;

before(async () => {
  hub = await startHub({ tokens: { [TOKEN]: 'dave' }, buildMs: 200 });
});
after(async () => hub.close());

interface Case {
  what: string;
  inputs: (folder: string) => Record<string, string>;
  files?: Record<string, string | null>;
  error: RegExp;
}

const cases: Case[] = [
  { what: 'a missing folder', inputs: (f) => ({ path: path.join(f, 'nope') }), error: /path ".*nope" does not exist/ },
  { what: 'a folder that is a file', inputs: (f) => ({ path: path.join(f, 'config.yml') }), error: /path ".*config\.yml" is not a folder/ },
  {
    what: 'no executor name',
    inputs: (f) => ({ path: f }),
    files: { 'config.yml': 'jtype: X\n' },
    error: /no executor name in .*: set metas\.name in config\.yml/,
  },
  { what: 'a bad tag', inputs: (f) => ({ path: f, tags: 'v1, -bad' }), error: /tags: "-bad" is not a valid tag/ },
  { what: 'a bad protected tag', inputs: (f) => ({ path: f, 'protected-tags': 'v1 beta' }), error: /protected-tags: "v1 beta" is not a valid tag/ },
  {
    what: 'a bad build-env key',
    inputs: (f) => ({ path: f, 'build-env': 'PRIVATE_TOKEN=private-value-x1\nlower=secret-value-1' }),
    error: /build-env line 2 does not start with a valid KEY=/,
  },
  {
    what: 'a build-env line without =',
    inputs: (f) => ({ path: f, 'build-env': 'PRIVATE_TOKEN' }),
    error: /build-env line 1 has no '='/,
  },
  {
    what: 'a ${VAR} of requirements.txt missing from build-env',
    inputs: (f) => ({ path: f }),
    files: { 'requirements.txt': 'a\ngit+https://${PRIVATE_TOKEN}@x/${OTHER}.git\n' },
    error: /requirements\.txt uses \$\{PRIVATE_TOKEN\}, \$\{OTHER\} but build-env does not set them/,
  },
  {
    what: 'a Dockerfile outside the folder',
    inputs: (f) => ({ path: f, dockerfile: '../Dockerfile', 'build-env': 'PRIVATE_TOKEN=private-value-x1' }),
    error: /dockerfile "\.\.\/Dockerfile" is outside the executor folder/,
  },
  {
    what: 'a Dockerfile that does not exist',
    inputs: (f) => ({ path: f, dockerfile: 'Dockerfile.gpu', 'build-env': 'PRIVATE_TOKEN=private-value-x1' }),
    error: /dockerfile "Dockerfile\.gpu" does not exist/,
  },
  {
    what: 'force-update without a token or a secret',
    inputs: (f) => ({ path: f, 'force-update': 'MyEncoder', token: '' }),
    error: /force-update "MyEncoder" needs the executor's secret or a token/,
  },
  { what: 'a bad visibility', inputs: (f) => ({ path: f, visibility: 'secret' }), error: /visibility "secret" is not valid: use public or private/ },
  { what: 'a bad timeout', inputs: (f) => ({ path: f, timeout: '10 minutes' }), error: /timeout "10 minutes" is not a duration/ },
  { what: 'a bad boolean', inputs: (f) => ({ path: f, wait: 'yes' }), error: /wait "yes" is not a boolean/ },
  { what: 'a bad platform', inputs: (f) => ({ path: f, platform: 'amd64' }), error: /platform "amd64" is not an OS\/architecture pair/ },
  {
    what: 'a token over plain http to a remote host',
    inputs: (f) => ({ path: f, registry: 'http://hub.example.invalid' }),
    error: /registry "http:\/\/hub\.example\.invalid" uses plain http:\/\/ .*: use https:\/\//,
  },
  { what: 'a registry that is not a URL', inputs: (f) => ({ path: f, registry: 'hub' }), error: /registry "hub" is not a URL/ },
];

describe('refused inputs', () => {
  for (const c of cases) {
    it(`refuses ${c.what}, naming it, and sends nothing`, async () => {
      hub.reset();
      const folder = await executorFolder(c.files);
      const inputs = { token: TOKEN, registry: hub.url, ...c.inputs(folder) };
      const r = await runStep(inputs);
      assert.equal(r.code, 1, logOf(r));
      const errors = annotationsOf(r, 'error').map((a) => a.message);
      assert.equal(errors.length, 1, logOf(r));
      assert.match(errors[0] ?? '', c.error);
      assert.deepEqual(hub.requests(), [], 'nothing may be sent');
      // Nothing but, once the folder was known, its one refused entry in `executors`.
      const { executors, ...others } = r.outputs;
      assert.deepEqual(others, {});
      if (executors !== undefined) {
        const entries = JSON.parse(executors) as Array<{ status?: string; error?: string }>;
        assert.deepEqual(entries.map((e) => e.status), ['refused']);
        assert.ok(errors[0]?.endsWith(entries[0]?.error ?? '?'), 'the entry holds the sentence of the error');
      }
      if (inputs.token) assertNoSecretShown(r, [inputs.token]);
      assert.ok(!r.visible.includes('secret-value-1'), 'a build-env value was shown');
      assert.ok(!r.visible.includes('private-value-x1'), 'a build-env value was shown');
    });
  }
});
