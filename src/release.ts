// Release workflows: the tags to publish, read from the git event that started the run
// (a published release, or a pushed git tag). Pure apart from reading the event payload file.
import { readFileSync } from 'node:fs';
// Only the parser: the whole of semver adds 3.5 times the bytes to the bundle for nothing used here.
import parseSemver from 'semver/functions/parse.js';
import { InputError, TAG_PATTERN } from './inputs.js';

/** What the runner says about the event: GITHUB_EVENT_NAME, GITHUB_REF and the event payload. */
export interface GitContext {
  eventName: string;
  ref: string;
  payload: Record<string, unknown>;
}

/** The tags a git release or tag stands for. */
export interface GitTags {
  /** The git tag itself. */
  tag: string;
  /** What to publish: [tag, 'latest'], or [tag] for a prerelease. */
  tags: string[];
  prerelease: boolean;
  /** A short phrase for the log, e.g. "from the release v1.2.0". */
  why: string;
}

/** Never throws: a missing, unreadable or invalid event file gives an empty payload. */
export function readGitContext(env: NodeJS.ProcessEnv): GitContext {
  return {
    eventName: env.GITHUB_EVENT_NAME?.trim() ?? '',
    ref: env.GITHUB_REF?.trim() ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH),
  };
}

function readPayload(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** Whether the tag is a semver prerelease: `v1.2.0-rc.1` is, `v1.2.0` and `v1.2.0+build.1` are not. */
export function isSemverPrerelease(tag: string): boolean {
  // semver takes a leading v, not V.
  return (parseSemver(tag.replace(/^V/, 'v'))?.prerelease.length ?? 0) > 0;
}

/** The tags from a release or a tag push; undefined for anything else (the Hub default applies). */
export function tagsFromGit(ctx: GitContext): GitTags | undefined {
  const release = ctx.eventName === 'release' ? ctx.payload.release : undefined;
  const releaseTag = isRecord(release) && typeof release.tag_name === 'string' ? release.tag_name.trim() : '';
  if (isRecord(release) && releaseTag) {
    return described(releaseTag, 'release', release.prerelease === true || isSemverPrerelease(releaseTag));
  }
  if (ctx.ref.startsWith('refs/tags/') && ctx.ref.length > 'refs/tags/'.length) {
    const tag = ctx.ref.slice('refs/tags/'.length);
    return described(tag, 'tag', isSemverPrerelease(tag));
  }
  return undefined;
}

function described(tag: string, source: 'release' | 'tag', prerelease: boolean): GitTags {
  if (!TAG_PATTERN.test(tag)) {
    throw new InputError(
      `the git ${source} "${tag}" cannot be a Hub tag (letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters): set the tags input.`,
    );
  }
  const tags = prerelease || tag === 'latest' ? [tag] : [tag, 'latest'];
  const why = `from the ${source} ${tag}${prerelease ? ' (a prerelease: latest is not moved)' : ''}`;
  return { tag, tags, prerelease, why };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
