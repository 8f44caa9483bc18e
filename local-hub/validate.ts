/** Validation of the upload form fields (before any task starts). */
import { errors } from './errors.js';
import type { Visibility } from './types.js';

export const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Splits a comma list, trimming and dropping empties, keeping order without duplicates. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item !== '' && !out.includes(item)) out.push(item);
  }
  return out;
}

export interface UploadTags {
  /** All tags of the new version: tags (or ['latest']) then immutableTags. */
  all: string[];
  immutable: string[];
}

export function parseTags(fields: Record<string, string>): UploadTags {
  const plain = splitList(fields['tags']);
  const immutable = splitList(fields['immutableTags']);
  const base = plain.length > 0 ? plain : ['latest'];
  const all = [...base];
  for (const t of immutable) if (!all.includes(t)) all.push(t);
  for (const t of all) {
    if (!TAG_RE.test(t)) throw errors.badParam(`invalid tag "${t}": a tag must match ${TAG_RE.source}`);
  }
  return { all, immutable };
}

/**
 * `public` and `private`, each True or False (absent counts as False). Neither True is public: the
 * clients send that when no visibility flag is given, and the Hub is public by default.
 */
export function parseVisibility(fields: Record<string, string>): Visibility {
  const pub = fields['public'] ?? 'False';
  const priv = fields['private'] ?? 'False';
  for (const [name, v] of [['public', pub], ['private', priv]] as const) {
    if (v !== 'True' && v !== 'False') throw errors.badParam(`field ${name} must be True or False, got ${JSON.stringify(v)}`);
  }
  if (pub === 'True' && priv === 'True') throw errors.badParam('the fields public and private cannot both be True');
  return priv === 'True' ? 'private' : 'public';
}

export function parseBuildEnv(value: string | undefined): Record<string, string> {
  if (value === undefined || value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw errors.badParam('field buildEnv must be a JSON object of strings');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw errors.badParam('field buildEnv must be a JSON object of strings');
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'string') throw errors.badParam(`buildEnv ${k} must be a string`);
    env[k] = v;
  }
  return env;
}

export function isTrue(value: string | undefined): boolean {
  return value === 'True' || value === 'true' || value === '1';
}
