// log.ts's rules, judged the way a runner reads the step's stdout (tools/runner-model.ts): text from
// anywhere cannot act as a workflow command, secrets never show in any form, the action's own masks,
// groups and annotations keep working whatever the text held.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import * as log from '../../src/log.js';
import { Outputs } from '../../src/report.js';
import { timesShown } from '../../tools/runner-masker.js';
import { readAsRunner, type RunnerReading } from '../../tools/runner-model.js';

/** What `fn` writes to stdout, read as the runner reads it. */
async function asRunner(fn: () => unknown): Promise<RunnerReading & { raw: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  const raw = chunks.join('');
  return { ...readAsRunner(raw), raw };
}

const HOSTILE = [
  '::stop-commands::x',
  'Collecting pkg ##[stop-commands]x',
  '::error::forged',
  '   ::warning file=a.py::forged too',
  '::endgroup::',
  '::group::forged group',
  '##[group]forged marker',
  '::add-mask::1',
  '::set-output name=uri::forged',
  '\u00a0::notice::after a no-break space',
  '\ufeff::error::after a BOM',
  'pip ##[error]forged inside a line',
  'back\r::error::after a carriage return',
  'crlf\r\n::error::after a CRLF',
];

const withoutMarkers = (text: string) => text.replace(/\u200b/g, '');

describe('untrusted text: nothing printed can act as a command', () => {
  it('info, debug, warning and error lines full of commands run none, and the masks after them still work', async () => {
    const secret = 'later-s3cret-value';
    const r = await asRunner(async () => {
      for (const line of HOSTILE) log.info(line);
      log.info(HOSTILE.join('\n'));
      log.debug(HOSTILE.join('\n'));
      log.warning(HOSTILE.join('\n'), { title: '::error::in a title' });
      log.error(`boom: ${HOSTILE.join('\r')}`);
      log.addSecret(secret);
      log.info(`the secret is ${secret}`);
    });
    assert.deepEqual(
      r.commands.map((c) => c.name).filter((name) => name !== 'debug'),
      ['warning', 'error', 'add-mask'],
      'only the action own commands ran',
    );
    assert.deepEqual(r.masks, [secret]);
    assert.deepEqual(r.groups, []);
    assert.deepEqual(r.setOutputs, {});
    assert.equal(r.stoppedUntil, undefined);
    assert.equal(r.lines.at(-1), 'the secret is ***');
    assert.equal(timesShown(r.unmaskedLines.join('\n'), secret), 0, 'scrubbed by the action itself, not only by the runner');
    // Readable: each hostile line shows as it was written (its line breaks aside).
    const shown = r.lines.map(withoutMarkers);
    for (const line of HOSTILE.flatMap((l) => l.split(/\r\n|\r/))) assert.ok(shown.includes(line), `not shown as written: ${JSON.stringify(line)}`);
    // The annotations are the action's own two, with the text as written.
    assert.deepEqual(
      r.annotations.map((a) => a.kind),
      ['warning', 'error'],
    );
    assert.equal(withoutMarkers(r.annotations[0]?.properties.title ?? ''), '::error::in a title');
    assert.ok(withoutMarkers(r.annotations[0]?.message ?? '').includes('::error::forged'));
  });

  it('a log group stays the action own: a forged endgroup inside it closes nothing, and the group is closed at the end', async () => {
    const r = await asRunner(() =>
      log.group('Build (task ::endgroup::)', async () => {
        log.info('::endgroup::');
        log.info('##[endgroup]');
        log.info('still inside');
      }),
    );
    assert.equal(r.groups.length, 1);
    assert.equal(r.groups[0]?.closed, true);
    assert.equal(withoutMarkers(r.groups[0]?.title ?? ''), 'Build (task ::endgroup::)');
    const inside = r.lines.indexOf('still inside');
    assert.ok(inside > (r.groups[0]?.start ?? Infinity));
    assert.equal(r.lines.at(-1), '##[endgroup]');
  });

  it('the name of one executor of several cannot act as a command either', async () => {
    const r = await asRunner(() => log.withPrefix('::error::x', async () => log.info('line one\n::error::two')));
    assert.deepEqual(r.annotations, []);
    assert.deepEqual(r.lines.map(withoutMarkers), ['[::error::x] line one', '[::error::x] ::error::two']);
  });

  it('the failure is printed after its log group is closed, whatever is still running inside', async () => {
    let release: () => void = () => undefined;
    const r = await asRunner(async () => {
      const inside = log.group('Build (task t1)', () => new Promise<void>((resolve) => (release = resolve)));
      log.fail('cancelled by SIGINT while waiting for the build');
      release();
      await inside;
    });
    const error = r.annotations.find((a) => a.kind === 'error');
    assert.equal(error?.message, 'cancelled by SIGINT while waiting for the build');
    assert.equal(error?.inGroup, undefined);
    assert.equal(r.groups[0]?.closed, true);
    assert.equal(r.lines.filter((l) => l === '##[endgroup]').length, 1, 'the group is closed once');
    process.exitCode = 0; // setFailed set it
  });
});

describe('neutralizeLine against the runner model, on many generated lines', () => {
  it('no line made of command fragments, white space and line breaks acts as a command once made safe', () => {
    const fragments = ['::', '##[', '#', '[', ']', 'error', 'stop-commands', 'add-mask', 'group', 'endgroup', 'set-output name=x', ' ', '\t', '\u00a0', '\u3000', '\ufeff', '\u200b', '\u2028', '\u0085', '\r', '\n', '%0A', ',', '=', 'x', '1'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let rawCommands = 0;
    for (let i = 0; i < 5000; i++) {
      const pick = (list: string[]) => list[Math.floor(next() * list.length)] as string;
      const names = ['error', 'warning title=t', 'stop-commands', 'add-mask', 'group', 'endgroup', 'set-output name=x', 'debug', 'notice'];
      let text = '';
      const n = 1 + Math.floor(next() * 6);
      for (let j = 0; j < n; j++) {
        const command = next() < 0.5 ? `::${pick(names)}::tok${j}` : `${pick(['', 'pip ', '>>> '])}##[${pick(names)}]tok${j}`;
        text += next() < 0.6 ? `${pick(['', ' ', '\t', '\u00a0', '\u3000', '\u0085'])}${command}` : pick(fragments);
      }
      rawCommands += readAsRunner(text).commands.length;
      const r = readAsRunner(log.safeLines(text).join('\n'));
      assert.deepEqual(r.commands, [], `acts as a command: ${JSON.stringify(text)}`);
      assert.deepEqual(r.groups, [], `folds the log: ${JSON.stringify(text)}`);
    }
    assert.ok(rawCommands > 50, `the generated lines hold commands when printed raw (${rawCommands})`);
  });
});

describe('secrets in every form', () => {
  const secret = 'p"a\\s/s+w ö\nrd-9Zq';
  it('never show as they are, JSON-escaped, URL-encoded or base64, in a line, an annotation or its title', async () => {
    const forms = [
      secret,
      JSON.stringify(secret),
      JSON.stringify({ s: secret }),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString(),
      Buffer.from(`user:${secret}`).toString('base64'),
      Buffer.from(`u:${secret}`).toString('base64'),
      Buffer.from(`us:${secret}`).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      JSON.stringify(secret).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ];
    const r = await asRunner(() => {
      log.addSecret(secret);
      for (const form of forms) log.info(`value: ${form} end`);
      log.warning(`warned ${forms.join(' ')}`, { title: `t ${JSON.stringify(secret)}` });
    });
    const text = [...r.unmaskedLines, ...r.annotations.flatMap((a) => [a.unmasked, ...Object.values(a.unmaskedProperties)])].join('\n');
    assert.equal(timesShown(text, secret), 0, text);
    for (const line of secret.split('\n')) assert.ok(!text.includes(line), `a line of the secret shows: ${line}`);
    for (const form of forms) assert.ok(!text.includes(form), `shows ${form}`);
  });

  it('cut() scrubs before it cuts: no prefix of a secret is left', () => {
    log.addSecret('abcdefgh-s3cret-0042');
    const cut = log.cut('answer: abcdefgh-s3cret-0042 and more', 16);
    assert.equal(cut, 'answer: *** and ...');
    assert.ok(!cut.includes('abcd'));
    assert.equal(log.cut('short', 16), 'short');
    assert.equal(log.cut('😀😀😀', 3), '😀...', 'a surrogate pair is never split');
  });
});

describe('annotations stay under the runner limit', () => {
  it('a long message is cut with a note in the annotation, and shown whole in the log', async () => {
    const long = `${'word '.repeat(3000)}END`;
    const r = await asRunner(() => log.warning(long));
    const a = r.annotations[0];
    assert.ok(a && a.message.length <= 4000, String(a?.message.length));
    assert.match(a?.message ?? '', /\[cut: the full text is in the step log\]$/);
    assert.ok(r.lines.some((l) => l.endsWith('END')), 'the whole text is in the log');
  });
});

describe('outputs are exact', () => {
  it('masking never changes an output: one that would hold a secret is not set, and the step says which', async () => {
    const outputs = new Outputs(false);
    log.addSecret('tok-5ecret-xyz', 'credential', 'the token');
    const r = await asRunner(() => {
      outputs.set('md5', '0123456789abcdef1111');
      outputs.set('tags', '["v1","latest"]');
      outputs.set('uri', 'jinahub+docker://x/tok-5ecret-xyz');
      outputs.set('uri', 'jinahub+docker://x/%22tok-5ecret-xyz');
    });
    assert.equal(outputs.values.md5, '0123456789abcdef1111');
    assert.equal(outputs.values.tags, '["v1","latest"]');
    assert.equal(outputs.values.uri, undefined);
    assert.deepEqual(
      r.annotations.map((a) => a.message),
      ['the uri output is left unset: its value would show the token, which is masked as a secret.'],
    );
  });

  it('the executors output holds executor secrets only in their secret field', async () => {
    const outputs = new Outputs(false);
    log.addSecret('exec-s3cret-abc"1', 'executor-secret');
    log.addSecret('tok-in-executors-9', 'credential', 'the token');
    await asRunner(() => {
      outputs.set('executors', JSON.stringify([{ name: 'a', secret: 'exec-s3cret-abc"1' }]));
    });
    assert.equal(outputs.values.executors, JSON.stringify([{ name: 'a', secret: 'exec-s3cret-abc"1' }]));
    const other = new Outputs(false);
    await asRunner(() => {
      other.set('executors', JSON.stringify([{ name: 'a', error: 'failed: exec-s3cret-abc"1' }]));
      other.set('executors', JSON.stringify([{ name: 'a', secret: 'tok-in-executors-9' }]));
    });
    assert.equal(other.values.executors, undefined);
  });
});

describe('drained', () => {
  it('resolves at once when stdout has room, and on drain when it does not', async () => {
    await log.drained();
    const stream = Object.assign(new EventEmitter(), { writableNeedDrain: true }) as unknown as NodeJS.WritableStream & { writableNeedDrain: boolean };
    let done = false;
    const waiting = log.drained(stream).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false);
    stream.emit('drain');
    await waiting;
    assert.equal(done, true);
  });
});
