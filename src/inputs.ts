// Reads every input once and turns it into one typed request. Nothing here does I/O beyond
// reading inputs and the environment, so every bad input fails before anything is sent.
import path from 'node:path';
import { isWithin, splitPathInput } from './paths.js';

export const DEFAULT_REGISTRY = 'https://api.hubble.jina.ai';

/** A bad input: the message is one sentence that names the offending value and says what to do. */
export class InputError extends Error {
  override name = 'InputError';
}

export type Visibility = 'public' | 'private';

export interface PushRequest {
  kind: 'push';
  /** The executor folder, absolute. */
  folder: string;
  visibility: Visibility;
  tags: string[];
  protectedTags: string[];
  buildEnv: Record<string, string>;
  forceUpdate?: string;
  secret?: string;
  /** The Dockerfile, relative to the folder, '/'-separated. */
  dockerfile?: string;
  platform?: string;
  noCache: boolean;
  verbose: boolean;
  wait: boolean;
  timeoutMs: number;
  /** Check and pack, upload nothing. */
  dryRun: boolean;
  /** A second build for GPUs: 'auto' (Dockerfile.gpu when the folder has one), 'none', or a Dockerfile in the folder. */
  gpuDockerfile: string;
  /** Executors published at once, when `path` names several. */
  parallel: number;
  /** Publish only the folders with changes since the event's base commit. */
  changedOnly: boolean;
}

export const GPU_DOCKERFILE = 'Dockerfile.gpu';

export interface StatusRequest {
  kind: 'status';
  /** Wait on this task; when absent, on the newest build of the executor in `folder`. */
  taskId?: string;
  folder: string;
  verbose: boolean;
  replay: boolean;
  wait: boolean;
  timeoutMs: number;
}

/** Which generation of the Hub API to speak: found out from the Hub (auto), or pinned. */
export type HubApiInput = 'auto' | 'async' | 'push';

export interface ActionRequest {
  registry: string;
  token?: string;
  hubApi: HubApiInput;
  /** An upload or answer from the Hub that makes no progress for this long is aborted and tried again. */
  stallTimeoutMs: number;
  /** `path` as given: folders or globs (job.folder is the first, resolved). */
  paths: string[];
  job: PushRequest | StatusRequest;
}

/** The raw inputs, as strings, exactly as the runner hands them over. */
export type InputReader = (name: string) => string;

/** A value to mask, and what it is (for sentences that must name it without showing it). */
export interface InputSecret {
  value: string;
  label: string;
}

/**
 * The values that must be masked, read before any validation so that nothing leaks from an error, and
 * the build-env keys whose values are too short or too common to be secrets (not masked: masking `1`
 * would hide every 1 of the job's log).
 */
export function inputSecrets(read: InputReader, env: NodeJS.ProcessEnv): { secrets: InputSecret[]; notSecretKeys: string[] } {
  const secrets: InputSecret[] = [
    { value: tokenOf(read, env), label: 'the token' },
    { value: read('secret').trim(), label: 'the executor secret' },
  ];
  const notSecretKeys: string[] = [];
  splitLines(read('build-env')).forEach((line, index) => {
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!BUILD_ENV_KEY.test(key)) {
      // Not KEY=VALUE: the whole line may be a secret pasted without its key.
      secrets.push({ value: line, label: `build-env line ${index + 1}` });
      if (eq >= 0) secrets.push({ value: line.slice(eq + 1), label: `build-env line ${index + 1}` });
      return;
    }
    const value = line.slice(eq + 1);
    if (tooCommonToBeSecret(value)) notSecretKeys.push(key);
    else secrets.push({ value, label: `the build-env value of ${key}` });
  });
  return { secrets: secrets.filter((s) => s.value.length > 0), notSecretKeys: [...new Set(notSecretKeys)] };
}

/** The values that must be masked (see inputSecrets). */
export function secretsOf(read: InputReader, env: NodeJS.ProcessEnv): string[] {
  return inputSecrets(read, env).secrets.map((s) => s.value);
}

/**
 * A build-env value that cannot be a secret, and that masking would only garble the log (and the
 * outputs: a tag, a name) with: fewer than 4 characters, a yes/no word, a plain number of at most 8
 * characters (1, 0.5, 2048), or a version of at most 20 (2.1.0, 11.8, v1.2.0-rc.1, 2.1.0+cu118).
 */
export function tooCommonToBeSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (/^(true|false|yes|no|on|off|none|null)$/i.test(v)) return true;
  if (v.length <= 8 && /^[+-]?\d+(\.\d+)?$/.test(v)) return true;
  return v.length <= 20 && /^v?\d+(\.\d+){1,3}([-+][0-9A-Za-z.]+)?$/.test(v);
}

/** What the step says, once, when some build-env values are not masked: it names the keys, never the values. */
export function notSecretNotice(keys: string[]): string | undefined {
  if (keys.length === 0) return undefined;
  const list = keys.join(', ');
  return (
    `build-env ${keys.length > 1 ? `values of ${list} are` : `value of ${list} is`} not masked: too short or too common to be a secret ` +
    '(fewer than 4 characters, a yes/no word, a short number or a version); masking it would hide it all over the log.'
  );
}

export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv, cwd = process.cwd()): ActionRequest {
  const registry = parseRegistry(read('registry').trim() || env.JINA_HUBBLE_REGISTRY?.trim() || DEFAULT_REGISTRY);
  const token = tokenOf(read, env) || undefined;
  const hubApi = parseHubApi(read('hub-api'));
  if ((token || read('secret').trim()) && !isSafeTransport(registry)) {
    throw new InputError(
      `registry "${registry}" uses plain http:// to a remote host, which would send the token or secret in clear text: use https://.`,
    );
  }
  const paths = splitPathInput(read('path'));
  if (paths.length === 0) paths.push('.');
  const folder = path.resolve(cwd, paths[0] as string);
  const verbose = parseBoolean(read, 'verbose', false);
  const wait = parseBoolean(read, 'wait', true);
  const timeoutMs = parseTimeout(read('timeout'));
  const stallTimeoutMs = parseStallTimeout(read('stall-timeout'));
  const taskId = read('task-id').trim() || undefined;
  const statusOnly = parseBoolean(read, 'status-only', false);
  const replay = parseBoolean(read, 'replay', false);

  if (taskId !== undefined || statusOnly) {
    if (taskId !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(taskId)) {
      throw new InputError(`task-id "${taskId}" is not a task ID: use the task-id output of the push step.`);
    }
    if (paths.length > 1 && taskId === undefined) {
      throw new InputError(`status-only looks up one executor, but path names ${paths.length}: give one folder.`);
    }
    return { registry, token, hubApi, stallTimeoutMs, paths, job: { kind: 'status', taskId, folder, verbose, replay, wait: true, timeoutMs } };
  }

  const visibility = parseVisibility(read('visibility'));
  const tags = parseTags(read('tags'), 'tags');
  const protectedTags = parseTags(read('protected-tags'), 'protected-tags');
  const buildEnv = parseBuildEnv(read('build-env'));
  const forceUpdate = read('force-update').trim() || undefined;
  const secret = read('secret').trim() || undefined;
  if (forceUpdate !== undefined && !token && !secret) {
    throw new InputError(
      `force-update "${forceUpdate}" needs the executor's secret or a token: set the secret input, or the token input (or JINA_AUTH_TOKEN).`,
    );
  }
  const dockerfile = parseDockerfile(read('dockerfile').trim(), folder);
  const platform = parsePlatform(read('platform').trim());
  const noCache = parseBoolean(read, 'no-cache', false);
  const dryRun = parseBoolean(read, 'dry-run', false);
  const gpuDockerfile = parseGpuDockerfile(read('gpu-dockerfile').trim(), folder);
  const parallel = parseParallel(read('parallel').trim());
  const changedOnly = parseBoolean(read, 'changed-only', false);
  if (forceUpdate !== undefined && paths.length > 1) {
    throw new InputError(`force-update names one executor, but path names ${paths.length} folders: give one folder.`);
  }

  return {
    registry,
    token,
    hubApi,
    stallTimeoutMs,
    paths,
    job: {
      kind: 'push',
      folder,
      visibility,
      tags,
      protectedTags,
      buildEnv,
      forceUpdate,
      secret,
      dockerfile,
      platform,
      noCache,
      verbose,
      wait,
      timeoutMs,
      dryRun,
      gpuDockerfile,
      parallel,
      changedOnly,
    },
  };
}

/** '' → 'auto'; 'async' or 'push' pins the generation of the Hub API. */
export function parseHubApi(value: string): HubApiInput {
  const v = value.trim().toLowerCase() || 'auto';
  if (v !== 'auto' && v !== 'async' && v !== 'push') {
    throw new InputError(`hub-api "${value.trim()}" is not valid: use auto (ask the Hub), async or push.`);
  }
  return v;
}

/** '' → 'auto'; 'none'; or a Dockerfile inside the folder, '/'-separated. */
export function parseGpuDockerfile(value: string, folder: string): string {
  if (value === '' || value === 'auto') return 'auto';
  if (value === 'none') return 'none';
  try {
    return parseDockerfile(value, folder) as string;
  } catch {
    throw new InputError(`gpu-dockerfile "${value}" is outside the executor folder: give a path inside it, or none.`);
  }
}

export function parseParallel(value: string): number {
  if (value === '') return 2;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 16) {
    throw new InputError(`parallel "${value}" is not a number of executors from 1 to 16: use e.g. 2.`);
  }
  return n;
}

function tokenOf(read: InputReader, env: NodeJS.ProcessEnv): string {
  return read('token').trim() || env.JINA_AUTH_TOKEN?.trim() || '';
}

/** Lines of a multi-line input, trimmed, without blanks. */
export function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A list input: one item per line or comma-separated; blanks dropped, duplicates removed, order kept. */
export function parseList(value: string): string[] {
  const items = value
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return [...new Set(items)];
}

export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function parseTags(value: string, input: string): string[] {
  const tags = parseList(value);
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) {
      throw new InputError(
        `${input}: "${tag}" is not a valid tag: use letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters.`,
      );
    }
  }
  return tags;
}

export const BUILD_ENV_KEY = /^[A-Z0-9][A-Z0-9_]*$/;

/** `KEY=VALUE` per line, split at the first `=`. Errors never show a value: values are secrets. */
export function parseBuildEnv(value: string): Record<string, string> {
  const env: Record<string, string> = {};
  splitLines(value).forEach((line, index) => {
    const eq = line.indexOf('=');
    if (eq < 0) {
      throw new InputError(`build-env line ${index + 1} has no '=': write one KEY=VALUE per line.`);
    }
    const key = line.slice(0, eq).trim();
    if (!BUILD_ENV_KEY.test(key)) {
      // Not quoted: a line that is not KEY=VALUE may be a secret pasted without its key.
      throw new InputError(
        `build-env line ${index + 1} does not start with a valid KEY=: keys are upper-case letters, digits and '_', not starting with '_'.`,
      );
    }
    if (key in env) {
      throw new InputError(`build-env key "${key}" is given twice: keep one line per key.`);
    }
    env[key] = line.slice(eq + 1);
  });
  return env;
}

export function parseVisibility(value: string): Visibility {
  const v = value.trim().toLowerCase() || 'public';
  if (v !== 'public' && v !== 'private') {
    throw new InputError(`visibility "${value.trim()}" is not valid: use public or private.`);
  }
  return v;
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput; empty means the default. */
export function parseBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name).trim();
  if (value === '') return fallback;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new InputError(`${name} "${value}" is not a boolean: use true or false.`);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `30m`, `1h`, `1h30m` or plain seconds, into milliseconds. */
export function parseDuration(value: string, input: string): number {
  const compact = value.replace(/\s+/g, '').toLowerCase();
  let ms = 0;
  if (/^\d+$/.test(compact)) {
    ms = Number(compact) * 1000;
  } else if (/^(\d+[hms])+$/.test(compact)) {
    for (const [, amount, unit] of compact.matchAll(/(\d+)([hms])/g)) {
      ms += Number(amount) * (UNIT_MS[unit as string] as number);
    }
  } else {
    ms = NaN;
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new InputError(`${input} "${value}" is not a duration: use e.g. 90s, 30m, 1h or a number of seconds.`);
  }
  return ms;
}

export const DEFAULT_STALL_TIMEOUT = '120s';
/** A GitHub-hosted job runs for 6 hours at most: no wait of the step is longer. */
export const MAX_TIMEOUT_MS = 6 * 3_600_000;
/** A silence of an hour is a dead connection, not a slow one. */
export const MAX_STALL_TIMEOUT_MS = 3_600_000;

/** `timeout`: a duration of at most 6h; empty means 30m. */
export function parseTimeout(value: string): number {
  const text = value.trim() || '30m';
  const ms = parseDuration(text, 'timeout');
  if (ms > MAX_TIMEOUT_MS) throw new InputError(`timeout "${text}" is longer than a job may run: use at most 6h, e.g. 30m.`);
  return ms;
}

/** `stall-timeout`: a duration from one second to one hour; empty means 120s. */
export function parseStallTimeout(value: string): number {
  const text = value.trim() || DEFAULT_STALL_TIMEOUT;
  if (/^0+\s*[hms]?$/i.test(text)) {
    throw new InputError(`stall-timeout "${text}" is too short: use at least 1s, e.g. ${DEFAULT_STALL_TIMEOUT}.`);
  }
  const ms = parseDuration(text, 'stall-timeout');
  if (ms > MAX_STALL_TIMEOUT_MS) throw new InputError(`stall-timeout "${text}" is too long: use at most 1h, e.g. ${DEFAULT_STALL_TIMEOUT}.`);
  return ms;
}

export function parseRegistry(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`registry "${value}" is not a URL: use e.g. ${DEFAULT_REGISTRY}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`registry "${value}" is not an http(s) URL: use e.g. ${DEFAULT_REGISTRY}.`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(`registry "${value}" must be a plain base URL, without query, fragment or credentials.`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** https, or plain http to this machine only (a local Hub). */
export function isSafeTransport(registry: string): boolean {
  const url = new URL(registry);
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Dockerfile path inside the folder, '/'-separated; errors when it points outside. */
export function parseDockerfile(value: string, folder: string): string | undefined {
  if (value === '') return undefined;
  const absolute = path.resolve(folder, value);
  const relative = path.relative(folder, absolute);
  if (relative === '' || !isWithin(folder, absolute)) {
    throw new InputError(`dockerfile "${value}" is outside the executor folder ${folder}: give a path inside it.`);
  }
  return relative.split(path.sep).join('/');
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

export function parsePlatform(value: string): string | undefined {
  if (value === '') return undefined;
  const platforms = parseList(value);
  for (const p of platforms) {
    if (!PLATFORM.test(p)) {
      throw new InputError(`platform "${p}" is not an OS/architecture pair: use e.g. linux/amd64,linux/arm64.`);
    }
  }
  return platforms.join(',');
}
