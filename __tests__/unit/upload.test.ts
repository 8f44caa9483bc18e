import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HubApi } from '../../src/hub/generation.js';
import { InputError, type PushRequest } from '../../src/inputs.js';
import { NEEDS_LOGIN, targetFor, uploadFor } from '../../src/upload.js';

const PKG = { file: '/tmp/runner/hub-push-x/MyExec.zip', size: 1234, md5: '0123456789abcdef0123456789abcdef' };

function job(overrides: Partial<PushRequest> = {}): PushRequest {
  return {
    kind: 'push',
    folder: '/work/exec',
    visibility: 'public',
    tags: [],
    protectedTags: [],
    buildEnv: {},
    noCache: false,
    verbose: false,
    wait: true,
    timeoutMs: 1_800_000,
    dryRun: false,
    gpuDockerfile: 'none',
    parallel: 2,
    changedOnly: false,
    ...overrides,
  };
}

/** The contract's field order. */
const ORDER = ['public', 'private', 'md5sum', 'id', 'secret', 'tags', 'immutableTags', 'buildEnv', 'dockerfile', 'platform', 'buildWithNoCache', 'verbose'];

/** The upload the action makes for `job` to a Hub of `api` (async unless given), as it chooses the method. */
function form(j: PushRequest, name: string, hasToken: boolean, api: HubApi = 'async', existingId?: string) {
  return uploadFor(j, name, PKG, targetFor(api, j, name, hasToken, existingId));
}

function assertContractOrder(fields: Array<[string, string]>): void {
  const positions = fields.map(([n]) => ORDER.indexOf(n));
  assert.ok(positions.every((p) => p >= 0), `unknown field in ${fields.map(([n]) => n).join(',')}`);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `order: ${fields.map(([n]) => n).join(',')}`);
}

describe('uploadFor: method and id, async generation', () => {
  it('token, first publish: executor.createAsync with no id (the Hub reads the name from the package)', () => {
    const u = form(job(), 'MyExec', true);
    assert.equal(u.method, 'executor.createAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
    ]);
  });

  it('token, the owner already has the executor: executor.updateAsync with its ID', () => {
    const u = form(job(), 'MyExec', true, 'async', 'e1d2c3b4');
    assert.equal(u.method, 'executor.updateAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'e1d2c3b4'],
    ]);
  });

  it('token and force-update: executor.updateAsync with id = the force-update value, and the secret when given', () => {
    const u = form(job({ forceUpdate: 'abc123' }), 'MyExec', true, 'async', 'ignored1');
    assert.equal(u.method, 'executor.updateAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'abc123'],
    ]);
    const withSecret = form(job({ forceUpdate: 'abc123', secret: 'sec' }), 'MyExec', true);
    assert.deepEqual(withSecret.fields.slice(3), [
      ['id', 'abc123'],
      ['secret', 'sec'],
    ]);
  });

  it('no token, no force-update: executor.create without id', () => {
    const u = form(job(), 'MyExec', false);
    assert.equal(u.method, 'executor.create');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
    ]);
  });

  it('no token, force-update and secret: executor.update with id and secret', () => {
    const u = form(job({ forceUpdate: 'MyExec', secret: 's3cret' }), 'LocalName', false);
    assert.equal(u.method, 'executor.update');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'MyExec'],
      ['secret', 's3cret'],
    ]);
  });

  it('a secret goes with an update only, never with a create', () => {
    assert.ok(!form(job({ secret: 's' }), 'N', true).fields.some(([n]) => n === 'secret'));
    assert.ok(!form(job({ secret: 's' }), 'N', false).fields.some(([n]) => n === 'secret'));
  });
});

describe('uploadFor: method and id, push generation', () => {
  it('token: executor.push with id = the folder\'s name, and no secret', () => {
    const u = form(job({ secret: 'unused' }), 'MyExec', true, 'push');
    assert.equal(u.method, 'executor.push');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'MyExec'],
    ]);
  });

  it('force-update and a secret: executor.update with id and secret, with or without a token', () => {
    for (const hasToken of [true, false]) {
      const u = form(job({ forceUpdate: 'abc123', secret: 's3cret' }), 'MyExec', hasToken, 'push');
      assert.equal(u.method, 'executor.update');
      assert.deepEqual(u.fields.slice(3), [
        ['id', 'abc123'],
        ['secret', 's3cret'],
      ]);
    }
  });

  it('force-update without a secret, with a token: executor.push with the folder\'s name (as the 0.39 client)', () => {
    const u = form(job({ forceUpdate: 'abc123' }), 'MyExec', true, 'push');
    assert.equal(u.method, 'executor.push');
    assert.deepEqual(u.fields.slice(3), [['id', 'MyExec']]);
  });

  it('no token and no force-update with a secret: refused with one sentence on how to give a token', () => {
    assert.throws(
      () => targetFor('push', job(), 'MyExec', false),
      (err: unknown) => err instanceof InputError && err.message === NEEDS_LOGIN,
    );
    assert.match(NEEDS_LOGIN, /needs a login.*jina auth token create.*token: \$\{\{ secrets\.JINA_AUTH_TOKEN \}\}.*JINA_AUTH_TOKEN/);
    assert.equal(NEEDS_LOGIN.split('. ').length, 1, 'one sentence');
  });
});

describe('uploadFor: one id at most', () => {
  it('sends exactly the id the method takes in every combination', () => {
    for (const api of ['async', 'push'] as const) {
      for (const hasToken of [true, false]) {
        for (const forceUpdate of [undefined, 'X']) {
          for (const existing of [undefined, 'E']) {
            let u;
            try {
              u = form(job({ forceUpdate, secret: 's' }), 'N', hasToken, api, existing);
            } catch {
              continue;
            }
            const ids = u.fields.filter(([n]) => n === 'id');
            const none = u.method === 'executor.create' || u.method === 'executor.createAsync';
            assert.equal(ids.length, none ? 0 : 1, `${api} ${u.method}`);
          }
        }
      }
    }
  });
});

describe('uploadFor: fields', () => {
  it('private visibility: public False, private True', () => {
    const u = form(job({ visibility: 'private' }), 'N', true);
    assert.deepEqual(u.fields.slice(0, 2), [
      ['public', 'False'],
      ['private', 'True'],
    ]);
  });

  it('every optional field, in the contract order with exact names and values', () => {
    const u = form(
      job({
        forceUpdate: 'abc123',
        secret: 'sec',
        tags: ['v1', 'latest'],
        protectedTags: ['v1.0.0', 'stable'],
        buildEnv: { TOKEN: 'a=b', OTHER: 'ü' },
        dockerfile: 'docker/Dockerfile.gpu',
        platform: 'linux/amd64,linux/arm64',
        noCache: true,
        verbose: true,
      }),
      'MyExec',
      true,
    );
    assert.equal(u.method, 'executor.updateAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'abc123'],
      ['secret', 'sec'],
      ['tags', 'v1,latest'],
      ['immutableTags', 'v1.0.0,stable'],
      ['buildEnv', '{"TOKEN":"a=b","OTHER":"ü"}'],
      ['dockerfile', 'docker/Dockerfile.gpu'],
      ['platform', 'linux/amd64,linux/arm64'],
      ['buildWithNoCache', 'True'],
      ['verbose', 'True'],
    ]);
    assertContractOrder(u.fields);
    assert.deepEqual(JSON.parse(u.fields.find(([n]) => n === 'buildEnv')?.[1] ?? ''), { TOKEN: 'a=b', OTHER: 'ü' });
  });

  it('leaves out each optional field when it is not set', () => {
    const u = form(job({ tags: [], protectedTags: [], buildEnv: {}, noCache: false, verbose: false }), 'N', true);
    const names = u.fields.map(([n]) => n);
    for (const n of ['secret', 'tags', 'immutableTags', 'buildEnv', 'dockerfile', 'platform', 'buildWithNoCache', 'verbose']) {
      assert.ok(!names.includes(n), `${n} should be absent`);
    }
  });

  it('each optional field alone keeps the contract order', () => {
    const variants: Array<Partial<PushRequest>> = [
      { tags: ['t'] },
      { protectedTags: ['p'] },
      { buildEnv: { K: 'v' } },
      { dockerfile: 'Dockerfile' },
      { platform: 'linux/amd64' },
      { noCache: true },
      { verbose: true },
      { secret: 's', tags: ['a'], verbose: true },
    ];
    for (const v of variants) {
      for (const [api, hasToken] of [['async', true], ['async', false], ['push', true]] as const) {
        const u = form(job(v), 'N', hasToken, api);
        assertContractOrder(u.fields);
        // push names the executor; a secret goes with no create and no push.
        const expected = 3 + (u.method === 'executor.push' ? 1 : 0) + Object.keys(v).filter((k) => k !== 'secret').length;
        assert.equal(u.fields.length, expected, `${api} ${u.method} ${JSON.stringify(v)}`);
      }
    }
  });

  it('uses only True/False for booleans', () => {
    const u = form(job({ noCache: true, verbose: true }), 'N', false);
    for (const [name, value] of u.fields) {
      if (['public', 'private', 'buildWithNoCache', 'verbose'].includes(name)) assert.match(value, /^(True|False)$/, name);
    }
  });
});

describe('uploadFor: file and context', () => {
  it('sends the package as NAME.zip, application/zip, with its size', () => {
    const u = form(job(), 'MyExec', true);
    assert.deepEqual(u.file, { path: PKG.file, size: PKG.size, filename: 'MyExec.zip', contentType: 'application/zip' });
  });

  it('gives the error context the method, the name, force-update and all tags', () => {
    const u = form(job({ forceUpdate: 'F', secret: 's', tags: ['a'], protectedTags: ['b'] }), 'MyExec', false);
    assert.deepEqual(u.context, { method: 'executor.update', name: 'MyExec', forceUpdate: 'F', tags: ['a', 'b'] });
  });
});
