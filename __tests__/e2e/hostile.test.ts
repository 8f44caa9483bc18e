// Hostile text, exact outputs and the runner's limits, with the step's stdout judged through the runner
// model (tools/runner-model.ts): a name, a build log line or a failure reason full of workflow commands
// changes nothing the runner does; outputs are exact; secrets show in no form; a SIGINT while the bundle
// loads still ends the step with a sentence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setHostileMode } from '../../local-hub/hostile.js';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { ACTION_NODE, runStep as runnerStep } from '../../tools/runner.js';
import { annotationsOf, assertNoSecretShown, configYml, errorsOf, executorFolder, logOf, runStep, timesShown, type StepResult } from './harness.js';

const TOKEN = 'alice-token-h0st1le';
let hub: LocalHub;

before(async () => {
  hub = await startHub({ tokens: { [TOKEN]: 'alice' }, buildMs: 300, streamMs: 2000 });
});
after(async () => hub.close());
beforeEach(() => {
  hub.reset();
  setHostileMode(undefined);
});

/** Text full of workflow commands, in every way a line can hold one. */
const COMMANDS = [
  '::stop-commands::h0stile-token',
  'Collecting numpy ##[stop-commands]h0stile-token2',
  '::error::forged error',
  '  ::warning title=Forged::forged warning',
  '::endgroup::',
  '::group::forged group',
  '##[group]forged marker',
  '::add-mask::1',
  '::set-output name=uri::forged',
  'pip ##[error]forged inside a line',
];

/** The runner ran only the action's own commands: masks, its groups (each closed), at most its own annotations. */
function assertOnlyOwnCommands(r: StepResult, ownGroups: RegExp): void {
  const ran = new Set(r.runner.commands.map((c) => c.name));
  for (const name of ran) assert.ok(['add-mask', 'group', 'endgroup', 'error', 'warning', 'notice', 'debug'].includes(name), `the runner ran ${name}`);
  assert.equal(r.runner.stoppedUntil, undefined, 'workflow commands were stopped');
  assert.deepEqual(r.runner.setOutputs, {}, 'an output was forged');
  assert.ok(!r.runner.masks.includes('1'), 'every 1 of the log is masked');
  for (const g of r.runner.groups) {
    assert.match(g.title, ownGroups, `a forged group: ${g.title}`);
    assert.ok(g.closed, `group ${g.title} left open`);
  }
  for (const a of r.runner.annotations) assert.doesNotMatch(a.message, /^forged/, 'a forged annotation');
  assert.equal(r.runner.failures.length, 0, r.runner.failures.join('\n'));
}

/** The end of a build log that failed: commands, then the secret echoed. */
const HOSTILE_COMMANDS_TAIL = '::stop-commands::tail-token-1\n##[error]forged in the tail\n::endgroup::';

const OWN_GROUPS = /^(Package|Upload|Upload and build|Build) /;

describe('hostile text', () => {
  for (const name of ['##[stop-commands]h0stile-name', '##[add-mask]1', '##[error]forged', '##[endgroup]', '##[group]forged']) {
    it(`an executor named ${name} publishes anonymously: its secret is masked, no command runs, the name output is exact`, async () => {
      const folder = await executorFolder({ 'config.yml': `jtype: MyEncoder\nmetas:\n  name: '${name}'\npy_modules:\n  - executor.py\n`, 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, verbose: 'true', registry: hub.url });
      assert.equal(r.code, 0, logOf(r));
      assert.equal(r.outputs.name, name);
      const secret = r.outputs.secret ?? '';
      assert.ok(secret.length > 8, 'the Hub returned a secret');
      assertNoSecretShown(r, [secret]);
      assertOnlyOwnCommands(r, OWN_GROUPS);
      assert.ok(r.log.replace(/\u200b/g, '').includes(`Building executor ${name}`), 'the Hub line reads as it was');
    });
  }

  for (const verbose of ['false', 'true']) {
    it(`a failure reason and build log full of commands (verbose: ${verbose}) end the step with its own one error, outside any group`, async () => {
      hub.setFaults({ nextBuild: { fail: `pip failed\n${COMMANDS.join('\n')}\r::error::after a carriage return` } });
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, verbose, registry: hub.url });
      assert.equal(r.code, 1, logOf(r));
      assertOnlyOwnCommands(r, OWN_GROUPS);
      const errors = annotationsOf(r, 'error');
      assert.equal(errors.length, 1, errorsOf(r));
      assert.match(errors[0]?.message ?? '', /^the build of MyEncoder failed: pip failed/);
      assert.equal(errors[0]?.inGroup, undefined, 'the error is folded into a group');
      assert.deepEqual(r.runner.masks, [TOKEN]);
      assert.ok(r.log.replace(/\u200b/g, '').includes('::stop-commands::h0stile-token'), 'the hostile line is shown, readable');
    });
  }

  it('folder names full of commands, as the prefix of every line of several executors, are shown, not run', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-hostile-'));
    const folders: Array<[string, string]> = [
      ['##[error]forged-a', 'ExecA'],
      ['##[stop-commands]h0stile-b', 'ExecB'],
    ];
    for (const [dir, name] of folders) {
      await fs.cp(await executorFolder({ 'config.yml': configYml(name), 'requirements.txt': 'numpy\n' }), path.join(root, 'executors', dir), { recursive: true });
    }
    const r = await runStep({ path: 'executors/*', token: TOKEN, registry: hub.url }, { cwd: root });
    assert.equal(r.code, 0, logOf(r));
    assertOnlyOwnCommands(r, OWN_GROUPS);
    assert.deepEqual(annotationsOf(r, 'error'), []);
    assert.match(r.log.replace(/\u200b/g, ''), /^\[executors\/##\[error\]forged-a\] /m);
  });
});

describe('a hostile Hub (build logs full of commands, echoed secrets, floods)', () => {
  const SECRET = 'pv "s3cret"/\\+ä value';
  it('with a token, verbose: no command runs, no form of a secret shows, the outputs are exact', async () => {
    setHostileMode({ commands: true, echoSecrets: true });
    const r = await runStep({ path: await executorFolder(), token: TOKEN, verbose: 'true', 'build-env': `PRIVATE_TOKEN=${SECRET}`, registry: hub.url });
    assert.equal(r.code, 0, logOf(r));
    assertOnlyOwnCommands(r, OWN_GROUPS);
    assertNoSecretShown(r, [SECRET, TOKEN]);
    assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:latest');
    assert.ok(r.log.replace(/\u200b/g, '').includes('::add-mask::1'), 'the hostile lines are shown, readable');
  });

  it('with a token, a failed build: its log tail shows no command and no form of a secret, and the one error is the step own', async () => {
    setHostileMode({ echoSecrets: true, commands: true });
    hub.setFaults({ nextBuild: { fail: `pip failed\n${HOSTILE_COMMANDS_TAIL}` } });
    const r = await runStep({ path: await executorFolder(), token: TOKEN, 'build-env': `PRIVATE_TOKEN=${SECRET}`, registry: hub.url });
    assert.equal(r.code, 1, logOf(r));
    assertOnlyOwnCommands(r, OWN_GROUPS);
    assertNoSecretShown(r, [SECRET, TOKEN]);
    assert.equal(annotationsOf(r, 'error').length, 1, errorsOf(r));
    assert.match(r.log, /last \d+ lines of the build log/);
  });

  it('anonymous: the secret the Hub returns after a hostile log is masked, and only in the secret output', async () => {
    setHostileMode({ commands: true, echoSecrets: true });
    const r = await runStep({ path: await executorFolder(), verbose: 'true', 'build-env': `PRIVATE_TOKEN=${SECRET}`, registry: hub.url });
    assert.equal(r.code, 0, logOf(r));
    const secret = r.outputs.secret ?? '';
    assert.ok(secret.length > 8);
    assertOnlyOwnCommands(r, /^(Package|Upload and build) /);
    assertNoSecretShown(r, [secret, SECRET]);
  });

  it('a flood of build log lines is shown whole, written with back-pressure: the step runs in a 32 MB heap', async () => {
    setHostileMode({ floodLines: 300_000, commands: true });
    const started = Date.now();
    const r = await runStep(
      { path: await executorFolder(), token: TOKEN, verbose: 'true', 'build-env': `PRIVATE_TOKEN=${SECRET}`, registry: hub.url },
      { timeoutMs: 120_000, env: { NODE_OPTIONS: '--max-old-space-size=32' } },
    );
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    assert.equal(r.runner.lines.filter((l) => l.startsWith('flood ')).length, 300_000);
    assertOnlyOwnCommands(r, OWN_GROUPS);
    assert.ok(Date.now() - started < 100_000);
    if (r.peakRssMiB !== undefined) assert.ok(r.peakRssMiB < 200, `peak RSS ${r.peakRssMiB} MiB`);
  });
});

describe('outputs are exact', () => {
  it('with build-env USE_GPU=1 and TORCH_MINOR=1: md5, task-id, tags and uri as they are, no 1 masked, and the keys named once', async () => {
    const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
    const r = await runStep({ path: folder, token: TOKEN, tags: 'v1.1.1\nlatest', 'build-env': 'USE_GPU=1\nTORCH_MINOR=1', registry: hub.url });
    assert.equal(r.code, 0, logOf(r));
    const task = hub.state().tasks[0];
    assert.equal(r.outputs['task-id'], task?._id);
    assert.match(r.outputs.md5 ?? '', /^[0-9a-f]{32}$/);
    assert.equal(r.outputs.tags, '["v1.1.1","latest"]');
    assert.equal(r.outputs.uri, 'jinaai+docker://alice/MyEncoder:v1.1.1');
    for (const [k, v] of Object.entries(r.outputs)) assert.ok(!v.includes('***'), `${k} holds ***`);
    assert.deepEqual(r.runner.masks, [TOKEN], 'only the token is masked');
    assert.ok(r.log.includes(r.outputs.md5 ?? '?'), 'the md5 reads as it is in the log');
    assert.equal((r.log.match(/USE_GPU, TORCH_MINOR are not masked/g) ?? []).length, 1, logOf(r));
    assert.ok(!/USE_GPU=1/.test(r.stdout), 'the values are not shown');
    const upload = hub.requests().find((q) => q.upload); // not the package-less probe
    assert.deepEqual(JSON.parse(upload?.fields.buildEnv ?? '{}'), { USE_GPU: '1', TORCH_MINOR: '1' }, 'the values still reach the Hub');
  });
});

describe('secrets by side doors', () => {
  const SECRET = 'p"a\\s/s+w ö-rd';
  it('a secret echoed by the Hub as it is, JSON-escaped, URL-encoded and base64 shows in no line, annotation, summary or output', async () => {
    const forms = [
      SECRET,
      JSON.stringify({ v: SECRET }),
      encodeURIComponent(SECRET),
      Buffer.from(`user:${SECRET}`).toString('base64'),
      JSON.stringify(SECRET).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ];
    hub.setFaults({ nextBuild: { fail: `could not install: ${forms.join(' | ')}` } });
    const folder = await executorFolder();
    const r = await runStep({ path: folder, token: TOKEN, 'build-env': `PRIVATE_TOKEN=${SECRET}`, registry: hub.url });
    assert.equal(r.code, 1, logOf(r));
    assertNoSecretShown(r, [SECRET, TOKEN]);
    for (const form of forms) {
      assert.ok(!r.visible.includes(form), `shows ${form}`);
      assert.ok(!r.summary.includes(form), `the summary shows ${form}`);
    }
    assert.equal(timesShown(r.outputs.executors ?? '', SECRET), 0, 'the executors output holds a form of the secret');
    assert.match(errorsOf(r), /could not install: \*\*\*/);
  });

  it('a build-env line without KEY= is refused without being quoted, and masked', async () => {
    const pasted = 'dGhpcy1pcy1hLXBhc3RlZC1zZWNyZXQ=';
    const r = await runStep({ path: await executorFolder(), token: TOKEN, 'build-env': `PRIVATE_TOKEN=abcdefgh\n${pasted}`, registry: hub.url });
    assert.equal(r.code, 1);
    assert.match(errorsOf(r), /build-env line 2 does not start with a valid KEY=/);
    assertNoSecretShown(r, [pasted]);
    assert.ok(!r.visible.includes('dGhpcy1pcy1h'), 'a part of the line is shown');
  });
});

describe('runner limits', () => {
  it('a huge failure reason: the summary stays under 1 MiB and says the reason is cut, the annotation under 4,096 characters', async () => {
    hub.setFaults({ nextBuild: { fail: `huge ${'reason '.repeat(40_000)}END` } });
    const r = await runStep({ path: await executorFolder({ 'requirements.txt': 'numpy\n' }), token: TOKEN, registry: hub.url });
    assert.equal(r.code, 1);
    assert.ok(Buffer.byteLength(r.summary) < 1024 * 1024, `summary of ${Buffer.byteLength(r.summary)} bytes`);
    assert.match(r.summary, /cut: the whole reason is in the step log/);
    const error = annotationsOf(r, 'error')[0];
    assert.ok(error && error.unmasked.length <= 4096, String(error?.unmasked.length));
    assert.match(error?.message ?? '', /\[cut: the full text is in the step log\]$/);
    assert.equal(error?.inGroup, undefined);
  });

  it('a SIGINT while the bundle loads ends the step with a sentence and exit 1, never silently', async () => {
    const started = Date.now();
    spawnSync(ACTION_NODE, ['-e', '0']);
    const bootMs = Date.now() - started;
    let judged = 0;
    for (const afterMs of [bootMs + 10, bootMs + 40, bootMs + 120]) {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      // What a cancelled pack leaves in RUNNER_TEMP is the packaging tests' concern, not this one's.
      const r = await runnerStep({ path: folder, token: TOKEN, registry: hub.url }, { cancelAfter: { signal: 'SIGINT', afterMs } });
      if (r.endedAfterSignalMs === undefined) continue; // the step was over before the signal
      if (r.signal === 'SIGINT' && r.runner.lines.length === 0 && afterMs === bootMs + 10) continue; // before node ran any code at all
      assert.equal(r.signal, null, `killed silently by ${String(r.signal)} ${afterMs} ms after the spawn`);
      assert.equal(r.code, 1, logOf(r));
      assert.match(errorsOf(r), /cancelled by SIGINT/);
      judged++;
    }
    assert.ok(judged >= 1, 'no signal reached the step while it ran');
  });

  it('a step cancelled during its build says so after the build group is closed', async () => {
    hub.setFaults({ nextBuild: { neverEnds: true } });
    const r = await runStep({ path: await executorFolder({ 'requirements.txt': 'numpy\n' }), token: TOKEN, registry: hub.url }, { cancelWhen: { signal: 'SIGINT', when: /::group::Build/ } });
    assert.equal(r.code, 1);
    const error = annotationsOf(r, 'error')[0];
    assert.match(error?.message ?? '', /cancelled by SIGINT while waiting for the build/);
    assert.equal(error?.inGroup, undefined, 'the cancellation is folded into a group');
    for (const g of r.runner.groups) assert.ok(g.closed, `group ${g.title} left open`);
  });
});
