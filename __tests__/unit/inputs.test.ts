import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_REGISTRY,
  InputError,
  parseBoolean,
  parseBuildEnv,
  parseDockerfile,
  parseDuration,
  parseHubApi,
  parseInputs,
  parseList,
  parsePlatform,
  parseStallTimeout,
  parseTags,
  parseVisibility,
  secretsOf,
  inputSecrets,
  notSecretNotice,
  type ActionRequest,
  type InputReader,
  type PushRequest,
  type StatusRequest,
} from '../../src/inputs.js';

/** The inputs as the runner gives them: every input present, action.yml defaults for the rest. */
const DEFAULTS: Record<string, string> = {
  path: '.',
  token: '',
  visibility: 'public',
  tags: '',
  'protected-tags': '',
  'build-env': '',
  'force-update': '',
  secret: '',
  dockerfile: '',
  platform: '',
  'no-cache': 'false',
  verbose: 'false',
  wait: 'true',
  timeout: '30m',
  'stall-timeout': '120s',
  'dry-run': 'false',
  'gpu-dockerfile': '',
  parallel: '2',
  'changed-only': 'false',
  'task-id': '',
  'status-only': 'false',
  replay: 'false',
  registry: '',
  'hub-api': 'auto',
};

function reader(overrides: Record<string, string> = {}): InputReader {
  const values = { ...DEFAULTS, ...overrides };
  return (name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`test reader: unknown input ${name}`);
    return v;
  };
}

const CWD = path.resolve('/tmp/work-dir');

function parse(overrides: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): ActionRequest {
  return parseInputs(reader(overrides), env, CWD);
}

function pushJob(req: ActionRequest): PushRequest {
  assert.equal(req.job.kind, 'push');
  return req.job as PushRequest;
}

function statusJob(req: ActionRequest): StatusRequest {
  assert.equal(req.job.kind, 'status');
  return req.job as StatusRequest;
}

function inputError(fn: () => unknown, pattern?: RegExp): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
  if (pattern) assert.match(caught.message, pattern);
  return caught;
}

describe('parseInputs: modes', () => {
  it('defaults give a public push of the working directory, waiting 30 minutes', () => {
    const req = parse();
    const job = pushJob(req);
    assert.equal(req.registry, DEFAULT_REGISTRY);
    assert.equal(req.token, undefined);
    assert.equal(job.folder, CWD);
    assert.equal(job.visibility, 'public');
    assert.deepEqual(job.tags, []);
    assert.deepEqual(job.protectedTags, []);
    assert.deepEqual(job.buildEnv, {});
    assert.equal(job.forceUpdate, undefined);
    assert.equal(job.secret, undefined);
    assert.equal(job.dockerfile, undefined);
    assert.equal(job.platform, undefined);
    assert.equal(job.noCache, false);
    assert.equal(job.verbose, false);
    assert.equal(job.wait, true);
    assert.equal(job.timeoutMs, 30 * 60_000);
  });

  it('resolves path against the working directory', () => {
    assert.equal(pushJob(parse({ path: 'executors/enc' })).folder, path.join(CWD, 'executors', 'enc'));
    assert.equal(pushJob(parse({ path: '/abs/exec' })).folder, path.resolve('/abs/exec'));
  });

  it('task-id switches to status mode for that task', () => {
    const job = statusJob(parse({ 'task-id': ' 6543abc_def-1 ', replay: 'true', verbose: 'true', timeout: '1h' }));
    assert.equal(job.taskId, '6543abc_def-1');
    assert.equal(job.replay, true);
    assert.equal(job.verbose, true);
    assert.equal(job.wait, true);
    assert.equal(job.timeoutMs, 3_600_000);
  });

  it('status-only switches to status mode without a task ID', () => {
    const job = statusJob(parse({ 'status-only': 'true', path: 'exec' }));
    assert.equal(job.taskId, undefined);
    assert.equal(job.folder, path.join(CWD, 'exec'));
    assert.equal(job.replay, false);
  });

  it('status mode always waits, even with wait: false', () => {
    assert.equal(statusJob(parse({ 'status-only': 'true', wait: 'false' })).wait, true);
  });

  it('status mode ignores the push-only inputs (a bad visibility does not matter)', () => {
    assert.equal(parse({ 'task-id': 'abc', visibility: 'secret-ish' }).job.kind, 'status');
  });

  it('refuses a task-id that is not an ID', () => {
    inputError(() => parse({ 'task-id': 'abc def' }), /task-id "abc def"/);
    inputError(() => parse({ 'task-id': '../etc' }), /task-id/);
    inputError(() => parse({ 'task-id': 'x'.repeat(129) }), /task-id/);
  });

  it('push mode reads every push input', () => {
    const job = pushJob(
      parse(
        {
          visibility: 'private',
          tags: 'v1, latest',
          'protected-tags': 'v1.0.0',
          'build-env': 'A=1\nB=2',
          'force-update': 'MyExec',
          secret: 's3cr3t',
          dockerfile: 'docker/Dockerfile.gpu',
          platform: 'linux/amd64, linux/arm64',
          'no-cache': 'true',
          verbose: 'True',
          wait: 'false',
          timeout: '90s',
        },
        {},
      ),
    );
    assert.equal(job.visibility, 'private');
    assert.deepEqual(job.tags, ['v1', 'latest']);
    assert.deepEqual(job.protectedTags, ['v1.0.0']);
    assert.deepEqual(job.buildEnv, { A: '1', B: '2' });
    assert.equal(job.forceUpdate, 'MyExec');
    assert.equal(job.secret, 's3cr3t');
    assert.equal(job.dockerfile, 'docker/Dockerfile.gpu');
    assert.equal(job.platform, 'linux/amd64,linux/arm64');
    assert.equal(job.noCache, true);
    assert.equal(job.verbose, true);
    assert.equal(job.wait, false);
    assert.equal(job.timeoutMs, 90_000);
  });

  it('an empty timeout input means the 30 minute default', () => {
    assert.equal(pushJob(parse({ timeout: '' })).timeoutMs, 30 * 60_000);
  });

  it('a timeout longer than a job may run is refused', () => {
    assert.equal(pushJob(parse({ timeout: '6h' })).timeoutMs, 6 * 3_600_000);
    for (const text of ['6h1s', '7h', '99999999999999999999', '400m']) {
      inputError(() => parse({ timeout: text }), new RegExp(`^timeout "${text}" is longer than a job may run: use at most 6h`));
    }
  });

  it('a stall-timeout over an hour is refused', () => {
    assert.equal(parse({ 'stall-timeout': '1h' }).stallTimeoutMs, 3_600_000);
    inputError(() => parse({ 'stall-timeout': '61m' }), /^stall-timeout "61m" is too long: use at most 1h/);
  });

  it('a bad timeout is refused', () => {
    inputError(() => parse({ timeout: 'forever' }), /timeout "forever"/);
  });
});

describe('stall-timeout', () => {
  it('defaults to 120 s, in push and status mode', () => {
    assert.equal(parse().stallTimeoutMs, 120_000);
    assert.equal(parse({ 'stall-timeout': '' }).stallTimeoutMs, 120_000);
    assert.equal(parse({ 'task-id': 'abc' }).stallTimeoutMs, 120_000);
  });

  it('reads the duration forms of timeout', () => {
    assert.equal(parse({ 'stall-timeout': '45s' }).stallTimeoutMs, 45_000);
    assert.equal(parse({ 'stall-timeout': ' 5m ' }).stallTimeoutMs, 300_000);
    assert.equal(parse({ 'stall-timeout': '1' }).stallTimeoutMs, 1_000);
    assert.equal(parse({ 'status-only': 'true', 'stall-timeout': '1m30s' }).stallTimeoutMs, 90_000);
    assert.equal(parseStallTimeout('1s'), 1_000);
  });

  for (const text of ['0', '0s', '00m']) {
    it(`refuses ${JSON.stringify(text)} as too short, in one sentence`, () => {
      const err = inputError(() => parse({ 'stall-timeout': text }));
      assert.equal(err.message, `stall-timeout "${text}" is too short: use at least 1s, e.g. 120s.`);
    });
  }

  for (const text of ['soon', '-5s', '1.5s', '2d', 's']) {
    it(`refuses ${JSON.stringify(text)} and names the input`, () => {
      inputError(() => parse({ 'stall-timeout': text }), /^stall-timeout ".*" is not a duration: use e\.g\. 90s/);
    });
  }
});

describe('parseInputs: token and registry', () => {
  it('takes the token from the input first', () => {
    assert.equal(parse({ token: ' tok-input ' }, { JINA_AUTH_TOKEN: 'tok-env' }).token, 'tok-input');
  });

  it('falls back to JINA_AUTH_TOKEN', () => {
    assert.equal(parse({}, { JINA_AUTH_TOKEN: ' tok-env ' }).token, 'tok-env');
  });

  it('a blank env token means no token', () => {
    assert.equal(parse({}, { JINA_AUTH_TOKEN: '   ' }).token, undefined);
  });

  it('takes the registry from the input first, then JINA_HUBBLE_REGISTRY, then the default', () => {
    const env = { JINA_HUBBLE_REGISTRY: 'https://env.example.com' };
    assert.equal(parse({ registry: 'https://input.example.com' }, env).registry, 'https://input.example.com');
    assert.equal(parse({}, env).registry, 'https://env.example.com');
    assert.equal(parse({}, {}).registry, 'https://api.hubble.jina.ai');
  });

  it('removes trailing slashes from the registry', () => {
    assert.equal(parse({ registry: 'https://hub.example.com/' }).registry, 'https://hub.example.com');
    assert.equal(parse({ registry: 'https://hub.example.com/base//' }).registry, 'https://hub.example.com/base');
    assert.equal(parse({}, { JINA_HUBBLE_REGISTRY: 'https://env.example.com/' }).registry, 'https://env.example.com');
  });

  it('refuses a registry that is not an http(s) base URL', () => {
    inputError(() => parse({ registry: 'not a url' }), /registry "not a url"/);
    inputError(() => parse({ registry: 'ftp://hub.example.com' }), /registry/);
    inputError(() => parse({ registry: 'https://hub.example.com/?x=1' }), /registry/);
    inputError(() => parse({ registry: 'https://user:pw@hub.example.com' }), /registry/);
  });

  it('refuses plain http to a remote host when a token is set', () => {
    const err = inputError(() => parse({ registry: 'http://hub.example.com', token: 'tok' }), /http:\/\//);
    assert.ok(!err.message.includes('tok '), 'the message must not show the token');
    inputError(() => parse({ registry: 'http://hub.example.com' }, { JINA_AUTH_TOKEN: 'tok' }));
    inputError(() => parse({ registry: 'http://localhost.example.com', token: 'tok' }));
  });

  it('refuses plain http to a remote host when a secret is set', () => {
    inputError(() => parse({ registry: 'http://hub.example.com', secret: 'sec', 'force-update': 'X' }), /http/);
  });

  it('allows plain http to a remote host without token or secret', () => {
    assert.equal(parse({ registry: 'http://hub.example.com' }).registry, 'http://hub.example.com');
  });

  it('allows plain http to this machine with a token', () => {
    for (const registry of ['http://127.0.0.1:8080', 'http://localhost:8080/', 'http://[::1]:9000', 'http://127.0.0.2']) {
      const req = parse({ registry, token: 'tok' });
      assert.equal(req.token, 'tok');
      assert.ok(!req.registry.endsWith('/'));
    }
  });
});

describe('parseList', () => {
  it('splits on lines and commas, trims, drops blanks and duplicates, keeps order', () => {
    assert.deepEqual(parseList('b\na, c\r\n\n  ,d,, b\na'), ['b', 'a', 'c', 'd']);
  });

  it('gives nothing for blank input', () => {
    assert.deepEqual(parseList(''), []);
    assert.deepEqual(parseList(' \n , \n'), []);
  });
});

describe('parseTags', () => {
  it('accepts valid tags', () => {
    assert.deepEqual(parseTags('v1.2.0\nlatest,_x,A-b_c.9', 'tags'), ['v1.2.0', 'latest', '_x', 'A-b_c.9']);
  });

  it('accepts 128 characters and refuses 129', () => {
    const t128 = 'a'.repeat(128);
    assert.deepEqual(parseTags(t128, 'tags'), [t128]);
    inputError(() => parseTags('a'.repeat(129), 'tags'), /tags: "a{129}"/);
  });

  it("refuses a leading '.' or '-' and names the tag and the input", () => {
    inputError(() => parseTags('ok, .hidden', 'tags'), /^tags: "\.hidden" is not a valid tag/);
    inputError(() => parseTags('-dash', 'protected-tags'), /^protected-tags: "-dash"/);
  });

  it('refuses characters outside the pattern', () => {
    inputError(() => parseTags('v1 beta', 'tags'), /"v1 beta"/);
    inputError(() => parseTags('v1/2', 'tags'), /"v1\/2"/);
    inputError(() => parseTags('v1:2', 'tags'), /"v1:2"/);
  });

  it('parseInputs refuses a bad protected tag', () => {
    inputError(() => parse({ 'protected-tags': 'ok,-bad' }), /protected-tags: "-bad"/);
  });
});

describe('parseBuildEnv', () => {
  it('splits at the first =, values may hold =', () => {
    assert.deepEqual(parseBuildEnv('A=1\nURL=https://x/?a=b=c\n\nEMPTY=\nK_2=  spaced'), {
      A: '1',
      URL: 'https://x/?a=b=c',
      EMPTY: '',
      K_2: '  spaced',
    });
  });

  it('handles CRLF lines', () => {
    assert.deepEqual(parseBuildEnv('A=1\r\nB=2\r\n'), { A: '1', B: '2' });
  });

  it('empty input gives no entries', () => {
    assert.deepEqual(parseBuildEnv(''), {});
  });

  const VALUE = 'sup3r-s3cret-value';

  for (const [label, text, pattern] of [
    ['a lower-case key', `lower=${VALUE}`, /line 1 does not start with a valid KEY=/],
    ['a key with a leading _', `_KEY=${VALUE}`, /line 1 does not start with a valid KEY=/],
    ['a key with a -', `MY-KEY=${VALUE}`, /line 1 does not start with a valid KEY=/],
    ['an empty key', `=${VALUE}`, /line 1 does not start with a valid KEY=/],
    ['a duplicate key', `A=1\nA=${VALUE}`, /"A" is given twice/],
    ['a line without =', `A=1\n${VALUE}`, /line 2 has no '='/],
  ] as const) {
    it(`refuses ${label} without showing the value`, () => {
      const err = inputError(() => parseBuildEnv(text), pattern);
      assert.ok(!err.message.includes(VALUE), `message leaks the value: ${err.message}`);
      assert.ok(!err.message.includes('s3cret'), `message leaks part of the value: ${err.message}`);
    });
  }

  it('parseInputs refuses a bad build-env without showing the value', () => {
    const err = inputError(() => parse({ 'build-env': `TOKEN=${VALUE}\nTOKEN=${VALUE}` }));
    assert.ok(!err.message.includes(VALUE));
  });
});

describe('hub-api', () => {
  it('auto by default (and when empty); async or push pin it, any case, in both modes', () => {
    assert.equal(parse().hubApi, 'auto');
    assert.equal(parse({ 'hub-api': '' }).hubApi, 'auto');
    assert.equal(parse({ 'hub-api': ' Push ' }).hubApi, 'push');
    assert.equal(parse({ 'hub-api': 'async', 'task-id': 'abc123' }).hubApi, 'async');
    assert.equal(parseHubApi('AUTO'), 'auto');
  });

  it('refuses anything else with one sentence that names it and the values', () => {
    const err = inputError(() => parse({ 'hub-api': 'v2' }), /^hub-api "v2" is not valid: use auto \(ask the Hub\), async or push\.$/);
    assert.equal(err.message.split('. ').length, 1);
    inputError(() => parseHubApi('both'), /hub-api "both"/);
  });
});

describe('parseVisibility', () => {
  it('accepts public and private, any case; empty is public', () => {
    assert.equal(parseVisibility('public'), 'public');
    assert.equal(parseVisibility(' Private '), 'private');
    assert.equal(parseVisibility('PUBLIC'), 'public');
    assert.equal(parseVisibility(''), 'public');
  });

  it('refuses anything else and names it', () => {
    inputError(() => parseVisibility('internal'), /visibility "internal"/);
    inputError(() => parseVisibility('public,private'), /visibility/);
  });
});

describe('parseBoolean', () => {
  const one = (value: string) => (name: string) => (name === 'flag' ? value : '');

  it('accepts the YAML core booleans', () => {
    for (const v of ['true', 'True', 'TRUE', ' true ']) assert.equal(parseBoolean(one(v), 'flag', false), true, v);
    for (const v of ['false', 'False', 'FALSE']) assert.equal(parseBoolean(one(v), 'flag', true), false, v);
  });

  it('uses the fallback for an empty value', () => {
    assert.equal(parseBoolean(one(''), 'flag', true), true);
    assert.equal(parseBoolean(one('  '), 'flag', false), false);
  });

  it('refuses other words and names the input', () => {
    for (const v of ['yes', '1', 'tRUE', 'on']) inputError(() => parseBoolean(one(v), 'flag', false), new RegExp(`flag "${v}"`));
  });

  it('parseInputs refuses a bad boolean input', () => {
    inputError(() => parse({ 'no-cache': 'yes' }), /no-cache "yes"/);
  });
});

describe('parseDuration', () => {
  const cases: Array<[string, number]> = [
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1h 30m 15s', 5_415_000],
    ['45', 45_000],
    ['2H', 7_200_000],
  ];
  for (const [text, ms] of cases) {
    it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => assert.equal(parseDuration(text, 'timeout'), ms));
  }

  for (const text of ['0', '0s', '-1', 'abc', '', '1.5h', '10d', 'm']) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      inputError(() => parseDuration(text, 'timeout'), /^timeout ".*" is not a duration/);
    });
  }
});

describe('parseDockerfile', () => {
  const folder = path.resolve('/tmp/exec-folder');

  it('empty means none', () => assert.equal(parseDockerfile('', folder), undefined));

  it('gives a path inside the folder, /-separated', () => {
    assert.equal(parseDockerfile('Dockerfile', folder), 'Dockerfile');
    assert.equal(parseDockerfile('docker/gpu.Dockerfile', folder), 'docker/gpu.Dockerfile');
    assert.equal(parseDockerfile('./docker/../Dockerfile', folder), 'Dockerfile');
    assert.equal(parseDockerfile(path.join(folder, 'sub', 'Dockerfile'), folder), 'sub/Dockerfile');
  });

  it('refuses a path outside the folder', () => {
    inputError(() => parseDockerfile('../x', folder), /dockerfile "\.\.\/x" is outside/);
    inputError(() => parseDockerfile('sub/../../x', folder), /outside/);
    inputError(() => parseDockerfile(path.resolve('/etc/Dockerfile'), folder), /outside/);
  });

  it('refuses the folder itself', () => {
    inputError(() => parseDockerfile('.', folder), /outside/);
    inputError(() => parseDockerfile(folder, folder), /outside/);
  });

  it(
    "accepts a file inside whose name starts with '..'",
    () => {
      assert.equal(parseDockerfile('..Dockerfile', folder), '..Dockerfile');
    },
  );

  it('parseInputs resolves dockerfile against the folder', () => {
    assert.equal(pushJob(parse({ path: 'exec', dockerfile: 'Dockerfile.cpu' })).dockerfile, 'Dockerfile.cpu');
    inputError(() => parse({ path: 'exec', dockerfile: '../Dockerfile' }), /outside/);
  });
});

describe('force-update', () => {
  it('without token or secret is refused', () => {
    inputError(() => parse({ 'force-update': 'MyExec' }), /force-update "MyExec" needs/);
  });

  it('with a secret, or a token (input or env), is accepted', () => {
    assert.equal(pushJob(parse({ 'force-update': 'MyExec', secret: 's' })).forceUpdate, 'MyExec');
    assert.equal(pushJob(parse({ 'force-update': 'MyExec', token: 't' })).forceUpdate, 'MyExec');
    assert.equal(pushJob(parse({ 'force-update': 'MyExec' }, { JINA_AUTH_TOKEN: 't' })).forceUpdate, 'MyExec');
  });
});

describe('parsePlatform', () => {
  it('empty means none', () => assert.equal(parsePlatform(''), undefined));

  it('normalises a list into comma-joined platforms', () => {
    assert.equal(parsePlatform('linux/amd64'), 'linux/amd64');
    assert.equal(parsePlatform('linux/amd64\nlinux/arm64/v8, linux/amd64'), 'linux/amd64,linux/arm64/v8');
  });

  it('refuses a value that is not OS/arch and names it', () => {
    inputError(() => parsePlatform('linux/amd64,amd64'), /platform "amd64"/);
    inputError(() => parsePlatform('Linux/AMD64'), /platform "Linux\/AMD64"/);
    inputError(() => parsePlatform('linux/amd64/v8/x'), /platform/);
  });
});

describe('secretsOf', () => {
  it('gives the token, the secret and every build-env value', () => {
    const got = secretsOf(reader({ token: ' tok ', secret: ' sec ', 'build-env': 'A=one-1\nB=two=2\n\nC=' }), {});
    assert.deepEqual(got.sort(), ['one-1', 'sec', 'tok', 'two=2'].sort());
  });

  it('takes the token from JINA_AUTH_TOKEN', () => {
    assert.deepEqual(secretsOf(reader(), { JINA_AUTH_TOKEN: 'envtok' }), ['envtok']);
  });

  it('masks malformed build-env lines whole, and values behind bad keys', () => {
    const got = secretsOf(reader({ 'build-env': 'just-a-secret-line\nlower=val1\nA=dup-val\nA=dup-val2\ndGhpc2lzYXNlY3JldA==' }), {});
    for (const v of ['just-a-secret-line', 'lower=val1', 'val1', 'dup-val', 'dup-val2', 'dGhpc2lzYXNlY3JldA==']) {
      assert.ok(got.includes(v), `${v} not in ${got.join(',')}`);
    }
  });

  it('leaves out build-env values too short or too common to be secrets, and names their keys', () => {
    const env = 'USE_GPU=1\nTORCH_MINOR=1\nFLAG=true\nV=2.1.0\nCUDA=11.8\nTAG=v1.2.0-rc.1\nREAL=s3cr3t-value\nLONGNUM=123456789\nDOTTY=1.2.3.4.5.6\nPIN=4711'
    const got = inputSecrets(reader({ token: 'tok', 'build-env': env }), {});
    assert.deepEqual(
      got.secrets.map((s) => s.value),
      ['tok', 's3cr3t-value', '123456789', '1.2.3.4.5.6'],
    );
    assert.deepEqual(got.notSecretKeys, ['USE_GPU', 'TORCH_MINOR', 'FLAG', 'V', 'CUDA', 'TAG', 'PIN']);
    const notice = notSecretNotice(got.notSecretKeys) as string;
    assert.match(notice, /USE_GPU, TORCH_MINOR, FLAG, V, CUDA, TAG, PIN are not masked/);
    for (const value of ['1', '4711', '2.1.0']) assert.ok(!notice.includes(`=${value}`), 'the notice never shows a value');
    assert.equal(notSecretNotice([]), undefined);
  });

  it('a build-env line that is not KEY=VALUE is refused without quoting it', () => {
    const line = 'dGhpc2lzYXNlY3JldA==';
    const err = inputError(() => parseBuildEnv(line), /line 1 does not start with a valid KEY=/);
    assert.ok(!err.message.includes('dGhpc2lzYXNlY3JldA'), err.message);
  });

  it('gives nothing when nothing is secret', () => {
    assert.deepEqual(secretsOf(reader(), {}), []);
  });

  it('does not throw on inputs that parseInputs refuses', () => {
    assert.doesNotThrow(() => secretsOf(reader({ registry: 'http://remote.example.com', token: 't', timeout: 'x' }), {}));
  });
});
