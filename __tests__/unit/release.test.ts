import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempFolders } from './temp-folders.js';
import { InputError } from '../../src/inputs.js';
import { isSemverPrerelease, readGitContext, tagsFromGit, type GitContext } from '../../src/release.js';

const folderWith = tempFolders('release-test-');

function ctx(eventName: string, ref: string, payload: Record<string, unknown> = {}): GitContext {
  return { eventName, ref, payload };
}

function throwsInput(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('readGitContext', () => {
  it('reads the event name, the ref and the payload file', async () => {
    const dir = await folderWith({ 'event.json': JSON.stringify({ release: { tag_name: 'v1.0.0' } }) });
    const got = readGitContext({
      GITHUB_EVENT_NAME: 'release',
      GITHUB_REF: 'refs/tags/v1.0.0',
      GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    });
    assert.deepEqual(got, { eventName: 'release', ref: 'refs/tags/v1.0.0', payload: { release: { tag_name: 'v1.0.0' } } });
  });

  it('gives empty strings and an empty payload when nothing is set', () => {
    assert.deepEqual(readGitContext({}), { eventName: '', ref: '', payload: {} });
  });

  it('gives an empty payload for a missing, invalid, non-object or unreadable event file, and never throws', async () => {
    const dir = await folderWith({ 'bad.json': '{not json', 'array.json': '[1,2]', 'null.json': 'null', 'sub/': '' });
    for (const file of ['missing.json', 'bad.json', 'array.json', 'null.json', 'sub']) {
      const got = readGitContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path.join(dir, file) });
      assert.deepEqual(got.payload, {}, file);
      assert.equal(got.eventName, 'push');
    }
  });
});

describe('isSemverPrerelease', () => {
  it('knows semver prereleases, with or without a leading v', () => {
    for (const tag of ['v1.2.0-rc.1', '1.0.0-beta', 'v2.0.0-alpha.3+build.5', 'V1.0.0-0', '1.0.0-x-y.7']) {
      assert.equal(isSemverPrerelease(tag), true, tag);
    }
  });

  it('is false for releases, build metadata alone and tags that are not semver', () => {
    for (const tag of ['v1.2.0+build.1', 'v1.2.0', '1.0.0', 'release-2024', 'v1.2-rc.1', 'v01.2.0-rc.1', 'v1.2.0-', 'v1.2.0-rc..1', 'v1.2.0-01']) {
      assert.equal(isSemverPrerelease(tag), false, tag);
    }
  });
});

describe('tagsFromGit', () => {
  it('takes a release tag and moves latest', () => {
    const got = tagsFromGit(ctx('release', 'refs/tags/v1.2.0', { release: { tag_name: 'v1.2.0', prerelease: false } }));
    assert.deepEqual(got, { tag: 'v1.2.0', tags: ['v1.2.0', 'latest'], prerelease: false, why: 'from the release v1.2.0' });
  });

  it('prefers the release tag_name over the ref', () => {
    const got = tagsFromGit(ctx('release', 'refs/heads/main', { release: { tag_name: 'v3.0.0' } }));
    assert.equal(got?.tag, 'v3.0.0');
  });

  it('does not move latest for a release marked prerelease, even with a plain version tag', () => {
    const got = tagsFromGit(ctx('release', 'refs/tags/v1.3.0', { release: { tag_name: 'v1.3.0', prerelease: true } }));
    assert.deepEqual(got, {
      tag: 'v1.3.0',
      tags: ['v1.3.0'],
      prerelease: true,
      why: 'from the release v1.3.0 (a prerelease: latest is not moved)',
    });
  });

  it('does not move latest for a release whose tag is a semver prerelease', () => {
    const got = tagsFromGit(ctx('release', 'refs/tags/v2.0.0-beta.1', { release: { tag_name: 'v2.0.0-beta.1', prerelease: false } }));
    assert.deepEqual(got?.tags, ['v2.0.0-beta.1']);
    assert.equal(got?.prerelease, true);
  });

  it('only takes prerelease === true, not a truthy string', () => {
    const got = tagsFromGit(ctx('release', 'refs/tags/v1.0.0', { release: { tag_name: 'v1.0.0', prerelease: 'true' } }));
    assert.equal(got?.prerelease, false);
  });

  it('takes a pushed tag and moves latest', () => {
    const got = tagsFromGit(ctx('push', 'refs/tags/v1.2.0'));
    assert.deepEqual(got, { tag: 'v1.2.0', tags: ['v1.2.0', 'latest'], prerelease: false, why: 'from the tag v1.2.0' });
  });

  it('takes a tag ref whatever the event (a workflow_dispatch on a tag)', () => {
    assert.deepEqual(tagsFromGit(ctx('workflow_dispatch', 'refs/tags/release-2024'))?.tags, ['release-2024', 'latest']);
  });

  it('falls back to the tag ref for a release payload without tag_name', () => {
    assert.equal(tagsFromGit(ctx('release', 'refs/tags/v1.0.0', { release: {} }))?.why, 'from the tag v1.0.0');
  });

  it('does not move latest for a pushed semver prerelease tag', () => {
    const got = tagsFromGit(ctx('push', 'refs/tags/v1.2.0-rc.1'));
    assert.deepEqual(got, {
      tag: 'v1.2.0-rc.1',
      tags: ['v1.2.0-rc.1'],
      prerelease: true,
      why: 'from the tag v1.2.0-rc.1 (a prerelease: latest is not moved)',
    });
    assert.equal(tagsFromGit(ctx('push', 'refs/tags/1.0.0-beta'))?.prerelease, true);
  });

  it('moves latest for tags that are not semver prereleases', () => {
    for (const tag of ['v1.2.0', 'release-2024', 'v1.2-rc1']) {
      assert.deepEqual(tagsFromGit(ctx('push', `refs/tags/${tag}`))?.tags, [tag, 'latest'], tag);
    }
  });

  it('gives latest once for a git tag named latest', () => {
    assert.deepEqual(tagsFromGit(ctx('push', 'refs/tags/latest'))?.tags, ['latest']);
  });

  it('gives undefined for a branch, a pull request, a bare refs/tags/ or no ref', () => {
    assert.equal(tagsFromGit(ctx('push', 'refs/heads/main', { before: 'a'.repeat(40) })), undefined);
    assert.equal(tagsFromGit(ctx('pull_request', 'refs/pull/7/merge', { pull_request: {} })), undefined);
    assert.equal(tagsFromGit(ctx('release', 'refs/heads/main', { release: 'v1' })), undefined);
    assert.equal(tagsFromGit(ctx('push', 'refs/tags/')), undefined);
    assert.equal(tagsFromGit(ctx('', '')), undefined);
  });

  it('refuses a tag the Hub cannot take, naming it and pointing at the tags input', () => {
    throwsInput(() => tagsFromGit(ctx('push', 'refs/tags/release/1.0')), /^the git tag "release\/1\.0" cannot be a Hub tag .*: set the tags input\.$/);
    throwsInput(() => tagsFromGit(ctx('push', 'refs/tags/v1.2.0+build.1')), /"v1\.2\.0\+build\.1".*set the tags input/);
    throwsInput(() => tagsFromGit(ctx('push', 'refs/tags/-v1')), /"-v1".*set the tags input/);
    throwsInput(() => tagsFromGit(ctx('push', `refs/tags/v${'1'.repeat(128)}`)), /set the tags input/);
    throwsInput(
      () => tagsFromGit(ctx('release', 'refs/tags/v2.0.0-alpha.3+build.5', { release: { tag_name: 'v2.0.0-alpha.3+build.5' } })),
      /^the git release "v2\.0\.0-alpha\.3\+build\.5" cannot be a Hub tag .*: set the tags input\.$/,
    );
  });
});
