import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Executor } from '../../src/hub/client.js';
import { formatBytes, formatSeconds, htmlTable, usageUri } from '../../src/report.js';

describe('usageUri', () => {
  const owned: Executor = { id: 'ab12cd34', name: 'MyEncoder', owner: { name: 'alice' }, commit: { id: 'c1', tags: ['v1.2.0', 'latest'] } };

  it('with an owner: jinaai+docker://OWNER/NAME:FIRST_TAG', () => {
    assert.equal(usageUri(owned), 'jinaai+docker://alice/MyEncoder:v1.2.0');
  });

  it('uses latest when the version has no tags', () => {
    assert.equal(usageUri({ ...owned, commit: { id: 'c1', tags: [] } }), 'jinaai+docker://alice/MyEncoder:latest');
    assert.equal(usageUri({ ...owned, commit: undefined }), 'jinaai+docker://alice/MyEncoder:latest');
  });

  it('anonymous: jinahub+docker://NAME/TAG', () => {
    assert.equal(usageUri({ name: 'Anon', commit: { tags: ['v2'] } }), 'jinahub+docker://Anon/v2');
    assert.equal(usageUri({ name: 'Anon', owner: {} }), 'jinahub+docker://Anon/latest');
  });

  it('never puts the secret in the URI', () => {
    const secret = 'f00dcafe-s3cret';
    for (const ex of [
      { name: 'Priv', visibility: 'private', secret, commit: { tags: ['v1'] } },
      { name: 'Priv', visibility: 'private', secret, owner: { name: 'bob' }, commit: { tags: ['v1'] } },
      { name: 'Priv', visibility: 'public', secret },
    ] satisfies Executor[]) {
      for (const scheme of ['docker', 'source', 'sandbox'] as const) {
        const uri = usageUri(ex, scheme);
        assert.ok(uri, scheme);
        assert.ok(!uri.includes(secret), uri);
        assert.ok(!uri.includes(':f00d'), uri);
      }
    }
    assert.equal(usageUri({ name: 'Priv', secret, commit: { tags: ['v1'] } }), 'jinahub+docker://Priv/v1');
    // with an owner and a secret, still the legacy form without the secret
    assert.equal(usageUri({ name: 'Priv', secret, owner: { name: 'bob' }, commit: { tags: ['v1'] } }), 'jinahub+docker://Priv/v1');
  });

  it('gives the source and sandbox forms', () => {
    assert.equal(usageUri(owned, 'source'), 'jinaai://alice/MyEncoder:v1.2.0');
    assert.equal(usageUri(owned, 'sandbox'), 'jinaai+sandbox://alice/MyEncoder:v1.2.0');
    assert.equal(usageUri({ name: 'Anon' }, 'source'), 'jinahub://Anon/latest');
    assert.equal(usageUri({ name: 'Anon' }, 'sandbox'), 'jinahub+sandbox://Anon/latest');
  });

  it('gives nothing without a name', () => {
    assert.equal(usageUri({ id: 'x', owner: { name: 'alice' } }), undefined);
  });
});

describe('formatBytes', () => {
  it('picks the unit', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MiB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.00 GiB');
  });
});

describe('formatSeconds', () => {
  it('shows tenths of seconds', () => {
    assert.equal(formatSeconds(1234), '1.2s');
    assert.equal(formatSeconds(0), '0.0s');
  });
});

describe('htmlTable', () => {
  it('closes every cell, empty ones included, and escapes the text', () => {
    assert.equal(
      htmlTable(['A', 'B'], [['', '<x> & "y"']]),
      '<table><tr><th>A</th><th>B</th></tr><tr><td></td><td>&lt;x&gt; &amp; &quot;y&quot;</td></tr></table>',
    );
  });
});
