// The release notes come from CHANGELOG.md's section for the tag (scripts/changelog-section.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { changelogSection } from '../../scripts/changelog-section.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHANGELOG = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');

const sample = `# Changelog

## [Unreleased]

- next thing

## [1.1.0] - 2026-12-01

### Fixed

- a fix

## [1.0.0] - 2026-11-26

- first

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/v1.1.0
`;

describe('changelog section', () => {
  it('is the text between its heading and the next, for a tag with or without v', () => {
    assert.equal(changelogSection(sample, 'v1.1.0'), '### Fixed\n\n- a fix');
    assert.equal(changelogSection(sample, '1.1.0'), '### Fixed\n\n- a fix');
  });

  it('stops before the link references, and an absent or empty section is undefined', () => {
    assert.equal(changelogSection(sample, '1.0.0'), '- first');
    assert.equal(changelogSection(sample, '1.0'), undefined);
    assert.equal(changelogSection(sample, '2.0.0'), undefined);
    assert.equal(changelogSection('## [3.0.0] - x\n\n## [2.0.0]\n- y\n', '3.0.0'), undefined);
  });

  it('the repository’s changelog has a section for package.json’s version and an Unreleased one', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.match(changelogSection(CHANGELOG, version) ?? '', /### Added/);
    assert.ok(changelogSection(CHANGELOG, 'Unreleased'));
  });
});
