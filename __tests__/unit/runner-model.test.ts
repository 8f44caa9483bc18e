// The runner model against the facts of actions/runner's own L0 tests (ActionCommandL0,
// ActionCommandManagerL0, HostContextL0): same inputs, same expected results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretMasker } from '../../tools/runner-masker.js';
import { parseV1, parseV2, readAsRunner, runnerLines } from '../../tools/runner-model.js';

const only = new Set(['do-something']);

describe('runner model: the ##[ form (ActionCommandL0.CommandParserTest)', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['##[do-something k1=v1;]msg', 'msg', { k1: 'v1' }],
    ['##[do-something]', '', {}],
    ['##[do-something k1=%3B=%0D=%0A=%5D;]%3B-%0D-%0A-%5D', ';-\r-\n-]', { k1: ';=\r=\n=]' }],
    ['##[do-something k1=%253B=%250D=%250A=%255D;]%253B-%250D-%250A-%255D', '%3B-%0D-%0A-%5D', { k1: '%3B=%0D=%0A=%5D' }],
    ['##[do-something k1=;k2=;]', '', {}],
    ['>>>   ##[do-something k1=v1;]msg', 'msg', { k1: 'v1' }],
  ];
  for (const [line, data, properties] of cases) {
    it(JSON.stringify(line), () => assert.deepEqual(parseV1(line, only), { name: 'do-something', data, properties }));
  }
  it('an unregistered name is no command', () => assert.equal(parseV1('##[other]x', only), undefined));
});

describe('runner model: the :: form (ActionCommandL0.CommandParserV2Test)', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['::do-something k1=v1,::msg', 'msg', { k1: 'v1' }],
    ['::do-something::', '', {}],
    ['::do-something k1=;=%2C=%0D=%0A=]=%3A,::;-%0D-%0A-]-:-,', ';-\r-\n-]-:-,', { k1: ';=,=\r=\n=]=:' }],
    ['::do-something k1=;=%252C=%250D=%250A=]=%253A,::;-%250D-%250A-]-:-,', ';-%0D-%0A-]-:-,', { k1: ';=%2C=%0D=%0A=]=%3A' }],
    ['::do-something k1=,k2=,::', '', {}],
    ['::do-something k1=v1::', '', { k1: 'v1' }],
    ['   ::do-something k1=v1,::msg', 'msg', { k1: 'v1' }],
  ];
  for (const [line, data, properties] of cases) {
    it(JSON.stringify(line), () => assert.deepEqual(parseV2(line, only), { name: 'do-something', data, properties }));
  }
  it('text before the :: makes it no command', () => assert.equal(parseV2('   >>>   ::do-something k1=v1,::msg', only), undefined));
  it('a zero-width space before the :: makes it no command (it is not white space to .NET)', () =>
    assert.equal(parseV2('\u200b::do-something::x', only), undefined));
  it('other white space is trimmed, as .NET TrimStart does', () => assert.equal(parseV2('\u00a0\t::do-something::x', only)?.data, 'x'));
});

describe('runner model: stop-commands (ActionCommandManagerL0)', () => {
  it('##[stop-commands]stopToken stops until ##[stopToken]', () => {
    const r = readAsRunner(['##[stop-commands]stopToken', '##[set-output name=foo]bar', '##[stopToken]', '##[set-output name=foo]baz', ''].join('\n'));
    assert.deepEqual(r.setOutputs, { foo: 'baz' });
    assert.deepEqual(
      r.commands.map((c) => c.name),
      ['stop-commands', 'stoptoken', 'set-output'],
    );
    assert.ok(r.lines.includes('##[set-output name=foo]bar'), 'a stopped command is shown as it is');
  });

  it('::stop-commands::randomToken stops until ::randomToken::, and masks the token for the rest of the run', () => {
    const r = readAsRunner('::stop-commands::randomToken\n::error::not now\n::randomToken::\n::error::now\nrandomToken\n');
    assert.deepEqual(
      r.annotations.map((a) => a.message),
      ['now'],
    );
    assert.equal(r.lines.at(-1), '***');
    assert.equal(r.stoppedUntil, undefined);
  });

  for (const token of ['stop-commands', '', 'set-env']) {
    it(`refuses the token ${JSON.stringify(token)} and stops nothing`, () => {
      const r = readAsRunner(`::stop-commands::${token}\n::error::still works\n`);
      assert.equal(r.failures.length, 1);
      assert.deepEqual(
        r.annotations.map((a) => a.message),
        ['still works'],
      );
    });
  }

  it('a token of 6 characters or fewer is not masked', () => {
    const r = readAsRunner('::stop-commands::abcdef\nabcdef\n::abcdef::\n');
    assert.equal(r.lines[1], 'abcdef');
  });

  it('a stop left in force is reported', () => assert.equal(readAsRunner('::stop-commands::pause1234\n').stoppedUntil, 'pause1234'));
});

describe('runner model: echo (ActionCommandManagerL0)', () => {
  it('echo on/off in any case; an invalid value fails the command', () => {
    const r = readAsRunner('::echo::on\n::group::g\n::echo::Off   \n::group::h\n::echo::invalid\n::echo::\n');
    // echo is read before the command runs: `on` is not echoed, `Off` is
    assert.deepEqual(r.lines.slice(0, 4), ['::group::g', '##[group]g', '::echo::Off   ', '##[group]h']);
    assert.equal(r.failures.length, 2);
  });
  it('is on from the start with ACTIONS_STEP_DEBUG', () => {
    const r = readAsRunner('::group::g\n::debug::shown\n', { stepDebug: true });
    assert.deepEqual(r.lines, ['::group::g', '##[group]g', '##[debug]shown']);
  });
});

describe('runner model: add-mask (ActionCommandManagerL0.AddMaskWithMultilineValue)', () => {
  it('masks the value and each of its lines; a blank value masks nothing and warns', () => {
    const r = readAsRunner('::add-mask::abc%0Ddef%0Aghi%0D%0Ajkl\n::add-mask:: %0D  %0A   %0D%0A    %0D\n');
    for (const [input, shown] of [
      ['abc', '***'],
      ['def', '***'],
      ['ghi', '***'],
      ['jkl', '***'],
      ['abc\rdef\nghi\r\njkl', '***'],
      ['', ''],
      [' ', ' '],
      ['    ', '    '],
    ]) {
      assert.equal(r.masker.mask(input as string), shown);
    }
    assert.deepEqual(r.masks, ['abc\rdef\nghi\r\njkl']);
    assert.equal(r.annotations[0]?.kind, 'warning');
  });

  it('masks only the lines after it', () => {
    const r = readAsRunner('my s3cret-value\n::add-mask::s3cret-value\nmy s3cret-value\n');
    assert.deepEqual(r.lines, ['my s3cret-value', 'my ***']);
  });
});

describe('runner model: the masker (HostContextL0.DefaultSecretMaskers)', () => {
  const m = new SecretMasker();
  for (const v of ['Password123!', 'Pass"word"123!', 'Pass word 123!', 'Pass<word>123!', "Pass'word'123!", '"Password123!!"', '"short"']) m.addValue(v);
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const cases: Array<[string, string]> = [
    ['123Password123!123', '123***123'],
    ['password123', 'password123'],
    ['123Pass\\"word\\"123!123', '123***123'],
    ['123Pass%20word%20123%21123', '123***123'],
    ['123Pass&lt;word&gt;123!123', '123***123'],
    ["123Pass''word''123!123", '123***123'],
    [b64(':Password123!'), 'OlBh***'],
    [b64('a:Password123!'), 'YTpQ***'],
    [b64('ab:Password123!'), 'YWI6***'],
    [b64('abc:Password123!'), 'YWJjOlBh***'],
    [b64('abcd:Password123!'), 'YWJjZDpQ***'],
    [b64('abcde:Password123!'), 'YWJjZGU6***'],
    ['123Password123!!123', '123***123'],
    ['123short123', '123short123'],
    ['123"short"123', '123***123'],
  ];
  for (const [input, shown] of cases) it(JSON.stringify(input), () => assert.equal(m.mask(input), shown));
});

describe('runner model: the masker (HostContextL0.SecretSectionMasking)', () => {
  const cases: Array<[string, string, string]> = [
    ['secret&secret&secret', 'secret&secret&\x1b[96msecret\x1b[0m', '***\x1b[96m***\x1b[0m'],
    ['secret&secret+secret', 'secret&\x1b[96msecret+secret\x1b[0m', '***\x1b[96m***\x1b[0m'],
    ['secret+secret&secret', 'secret+secret&\x1b[96msecret\x1b[0m', '***\x1b[96m***\x1b[0m'],
    ['secret&secret&+secretsecret', 'secret&secret&+\x1b[96ms\x1b[0mecretsecret', '***\x1b[96ms\x1b[0m***'],
    ['secret&+secret&secret', 'secret&+\x1b[96ms\x1b[0mecret&secret', '***\x1b[96ms\x1b[0m***'],
    ['secret&+secret&+secret', 'secret&+\x1b[96ms\x1b[0mecret&+secret', '***\x1b[96ms\x1b[0m***'],
    ['secret&+secret&secret&+secret', 'secret&+\x1b[96ms\x1b[0mecret&secret&+secret', '***\x1b[96ms\x1b[0m***'],
    ['secret&secret&+', 'secret&secret&+\x1b[96m\x1b[0m', '***\x1b[96m\x1b[0m'],
  ];
  for (const [secret, raw, shown] of cases) {
    it(JSON.stringify(secret), () => {
      const m = new SecretMasker();
      m.addValue(secret);
      assert.equal(m.mask(raw), shown);
    });
  }
});

describe('runner model: annotations and groups', () => {
  it('collects annotations with their properties, masked, cut at 4,096 characters, 10 of a kind kept', () => {
    const long = 'x'.repeat(5000);
    const lines = ['::add-mask::hidden-value', '::error file=a%2Cb.py,line=3,title=T%3A hidden-value::boom hidden-value', `::warning::${long}`];
    for (let i = 0; i < 11; i++) lines.push(`::notice::n${i}`);
    const r = readAsRunner(lines.join('\n'));
    assert.deepEqual(r.annotations[0], {
      kind: 'error',
      message: 'boom ***',
      properties: { file: 'a,b.py', line: '3', title: 'T: ***' },
      unmasked: 'boom hidden-value',
      unmaskedProperties: { file: 'a,b.py', line: '3', title: 'T: hidden-value' },
      logLine: 0,
      inGroup: undefined,
      kept: true,
    });
    assert.equal(r.lines[0], '##[error]boom ***');
    assert.equal(r.annotations[1]?.message.length, 4096);
    assert.deepEqual(
      r.annotations.filter((a) => a.kind === 'notice').map((a) => a.kept),
      [...Array(10).fill(true), false],
    );
  });

  it('knows which group is open, and whether each group was closed', () => {
    const r = readAsRunner('::group::one\n::error::inside\n::endgroup::\n::error::outside\n::group::two\n');
    assert.deepEqual(
      r.annotations.map((a) => a.inGroup),
      ['one', undefined],
    );
    assert.deepEqual(
      r.groups.map((g) => [g.title, g.closed]),
      [
        ['one', true],
        ['two', false],
      ],
    );
    assert.equal(r.text, 'one\ninside\n\noutside\ntwo');
  });

  it('a ##[group] marker shown as plain text still folds the log (the viewer reads the stored line)', () => {
    const r = readAsRunner('::stop-commands::tok-123456\n##[group]forged\n::tok-123456::\n');
    assert.deepEqual(
      r.groups.map((g) => g.title),
      ['forged'],
    );
  });

  it('debug lines only with ACTIONS_STEP_DEBUG', () => {
    assert.deepEqual(readAsRunner('::debug::a%0Ab\n').lines, []);
    assert.deepEqual(readAsRunner('::debug::a%0Ab\n', { stepDebug: true }).lines, ['##[debug]a', '##[debug]b']);
  });

  it('lines end at \\n, \\r\\n and \\r', () => {
    assert.deepEqual(runnerLines('a\nb\r\nc\rd\n'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(
      readAsRunner('ok\r::error::forged\n').annotations.map((a) => a.message),
      ['forged'],
    );
  });

  it('set-env and add-path are refused, as the runner does by default', () => {
    const r = readAsRunner('::set-env name=A::b\n::add-path::/x\n');
    assert.equal(r.failures.length, 2);
  });

  it('the runner escapes its own action markers in plain lines', () => {
    assert.deepEqual(readAsRunner('##[start-action x\n').lines, ['##[\\start-action x']);
  });
});
