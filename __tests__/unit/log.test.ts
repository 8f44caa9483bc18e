import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addSecret, addSecretsIn, scrub } from '../../src/log.js';

describe('scrub', () => {
  it('replaces every registered secret, the longest first', () => {
    addSecret('abc');
    addSecret('abcdef-long');
    assert.equal(scrub('x abcdef-long y abc z'), 'x *** y *** z');
  });

  it('leaves text without secrets alone, and ignores empty secrets', () => {
    addSecret('');
    assert.equal(scrub('nothing to hide'), 'nothing to hide');
  });
});

describe('addSecretsIn', () => {
  it('registers strings under a key named secret, nested in objects and arrays', () => {
    addSecretsIn({ data: { executor: { secret: 'nested-s3cret-1' } }, list: [{ Secret: 'in-array-s3cret-2' }], other: 'visible-3' });
    assert.equal(scrub('nested-s3cret-1 in-array-s3cret-2 visible-3'), '*** *** visible-3');
  });

  it('ignores non-objects and non-string secrets', () => {
    addSecretsIn('secret');
    addSecretsIn(null);
    addSecretsIn({ secret: 42 });
    assert.equal(scrub('42 secret'), '42 secret');
  });
});
