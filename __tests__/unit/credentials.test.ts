import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { likelyCredentials } from '../../src/package/credentials.js';

describe('likelyCredentials', () => {
  it('names the files the issue lists, in any folder of the package', () => {
    const names = [
      '.env',
      '.env.production',
      'config/.env.local',
      'certs/server.pem',
      'tls/private.KEY',
      'keys/id_rsa',
      'keys/id_rsa.pub',
      'keys/id_ed25519',
      '.npmrc',
      'deploy/.pypirc',
      'credentials.json',
      'gcp/credentials-prod.json',
    ];
    assert.deepEqual(likelyCredentials(names), names);
  });

  it('leaves ordinary files alone, including names that only contain the words', () => {
    const names = [
      'executor.py',
      'config.yml',
      'environment.yml',
      'docs/env.md',
      'keyboard.py',
      'monkey.json',
      'models/keys.txt',
      'pem/readme.md',
      'my_credentials.yaml',
      'src/npmrc.py',
      'ssh/known_hosts',
    ];
    assert.deepEqual(likelyCredentials(names), []);
  });
});
