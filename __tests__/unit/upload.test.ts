import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushRequest } from '../../src/inputs.js';
import { uploadFor } from '../../src/upload.js';

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

function assertContractOrder(fields: Array<[string, string]>): void {
  const positions = fields.map(([n]) => ORDER.indexOf(n));
  assert.ok(positions.every((p) => p >= 0), `unknown field in ${fields.map(([n]) => n).join(',')}`);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `order: ${fields.map(([n]) => n).join(',')}`);
}

describe('uploadFor: method', () => {
  it('token, no force-update: executor.createAsync with id = name', () => {
    const u = uploadFor(job(), 'MyExec', PKG, true);
    assert.equal(u.method, 'executor.createAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'MyExec'],
    ]);
  });

  it('token and force-update: executor.updateAsync with id = the force-update value', () => {
    const u = uploadFor(job({ forceUpdate: 'abc123' }), 'MyExec', PKG, true);
    assert.equal(u.method, 'executor.updateAsync');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'abc123'],
    ]);
  });

  it('no token, no force-update: executor.create without id', () => {
    const u = uploadFor(job(), 'MyExec', PKG, false);
    assert.equal(u.method, 'executor.create');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
    ]);
  });

  it('no token, force-update and secret: executor.update with id and secret', () => {
    const u = uploadFor(job({ forceUpdate: 'MyExec', secret: 's3cret' }), 'LocalName', PKG, false);
    assert.equal(u.method, 'executor.update');
    assert.deepEqual(u.fields, [
      ['public', 'True'],
      ['private', 'False'],
      ['md5sum', PKG.md5],
      ['id', 'MyExec'],
      ['secret', 's3cret'],
    ]);
  });

  it('sends exactly one id in every combination', () => {
    for (const hasToken of [true, false]) {
      for (const forceUpdate of [undefined, 'X']) {
        const u = uploadFor(job({ forceUpdate, secret: 's' }), 'N', PKG, hasToken);
        const ids = u.fields.filter(([n]) => n === 'id');
        assert.equal(ids.length, u.method === 'executor.create' ? 0 : 1, u.method);
      }
    }
  });
});

describe('uploadFor: fields', () => {
  it('private visibility: public False, private True', () => {
    const u = uploadFor(job({ visibility: 'private' }), 'N', PKG, true);
    assert.deepEqual(u.fields.slice(0, 2), [
      ['public', 'False'],
      ['private', 'True'],
    ]);
  });

  it('every optional field, in the contract order with exact names and values', () => {
    const u = uploadFor(
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
      PKG,
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
    const u = uploadFor(job({ tags: [], protectedTags: [], buildEnv: {}, noCache: false, verbose: false }), 'N', PKG, true);
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
      for (const hasToken of [true, false]) {
        const u = uploadFor(job(v), 'N', PKG, hasToken);
        assertContractOrder(u.fields);
        assert.equal(u.fields.length, 3 + (u.method === 'executor.createAsync' ? 1 : 0) + Object.keys(v).length);
      }
    }
  });

  it('uses only True/False for booleans', () => {
    const u = uploadFor(job({ noCache: true, verbose: true }), 'N', PKG, false);
    for (const [name, value] of u.fields) {
      if (['public', 'private', 'buildWithNoCache', 'verbose'].includes(name)) assert.match(value, /^(True|False)$/, name);
    }
  });
});

describe('uploadFor: file and context', () => {
  it('sends the package as NAME.zip, application/zip, with its size', () => {
    const u = uploadFor(job(), 'MyExec', PKG, true);
    assert.deepEqual(u.file, { path: PKG.file, size: PKG.size, filename: 'MyExec.zip', contentType: 'application/zip' });
  });

  it('gives the error context the method, the name, force-update and all tags', () => {
    const u = uploadFor(job({ forceUpdate: 'F', secret: 's', tags: ['a'], protectedTags: ['b'] }), 'MyExec', PKG, false);
    assert.deepEqual(u.context, { method: 'executor.update', name: 'MyExec', forceUpdate: 'F', tags: ['a', 'b'] });
  });
});
