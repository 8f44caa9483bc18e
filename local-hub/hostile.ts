/**
 * The hostile Hub mode: build logs full of workflow commands, of the build's own secrets in every
 * encoding, and floods. A real Hub prints whatever pip, setup.py and the Dockerfile print, and may echo
 * what it was sent: the action must let none of it act on the runner or show a secret.
 *
 * Turned on for the whole process (every Hub in it), in-process with setHostileMode(), or over HTTP with
 * POST /_hub/hostile {"commands": true, "echoSecrets": true, "floodLines": 10000} ({} turns it off).
 * The lines are sent before the build's own log, on queryProgress and on synchronous builds.
 */
import type { Task } from './types.js';

export interface HostileMode {
  /** Lines that are workflow commands in every form the runner reads. */
  commands?: boolean;
  /** Each build-env value of the build, as it is and JSON-escaped, URL-encoded and base64. */
  echoSecrets?: boolean;
  /** This many more lines (about 120 bytes each). */
  floodLines?: number;
}

let mode: HostileMode | undefined;

export function setHostileMode(next: HostileMode | undefined): void {
  mode = next && (next.commands || next.echoSecrets || (next.floodLines ?? 0) > 0) ? { ...next } : undefined;
}

export function hostileMode(): HostileMode | undefined {
  return mode;
}

/** Checks a body of POST /_hub/hostile; throws a sentence on a bad one. */
export function checkHostileMode(body: Record<string, unknown>): HostileMode {
  const out: HostileMode = {};
  for (const key of Object.keys(body)) {
    if (key !== 'commands' && key !== 'echoSecrets' && key !== 'floodLines') throw new Error(`unknown hostile option ${key}`);
  }
  if (body.commands !== undefined) {
    if (typeof body.commands !== 'boolean') throw new Error('commands must be true or false');
    out.commands = body.commands;
  }
  if (body.echoSecrets !== undefined) {
    if (typeof body.echoSecrets !== 'boolean') throw new Error('echoSecrets must be true or false');
    out.echoSecrets = body.echoSecrets;
  }
  if (body.floodLines !== undefined) {
    const n = body.floodLines;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error('floodLines must be a whole number from 0 to 1000000');
    out.floodLines = n;
  }
  return out;
}

/** Every way a line of output can hold a workflow command, as a build log could print it. */
export const HOSTILE_COMMANDS: readonly string[] = [
  '::stop-commands::hostile-hub-token',
  'Collecting numpy ##[stop-commands]hostile-hub-token-2',
  '::error title=Forged::forged error from the build log',
  '  ::warning file=setup.py,line=1::forged warning',
  '::notice::forged notice',
  '::endgroup::',
  '::group::forged group',
  '##[group]forged group marker',
  '##[endgroup]',
  '::add-mask::1',
  '::add-mask::e',
  '::set-output name=uri::forged-uri',
  '::save-state name=x::forged',
  '::echo::on',
  '::debug::forged debug',
  'pip: ##[error]forged error inside a line',
  '\u00a0::error::forged after a no-break space',
  'first\r::error::forged after a carriage return',
  '::hostile-hub-token::',
];

/** The payloads of the hostile log lines for this build, in order (empty when the mode is off). */
export function hostilePayloads(task: Task): string[] {
  if (!mode) return [];
  const lines: string[] = [];
  if (mode.commands) lines.push(...HOSTILE_COMMANDS);
  if (mode.echoSecrets) {
    for (const [key, value] of Object.entries(task.upload.buildEnv)) {
      lines.push(
        `echo ${key}=${value}`,
        `json: ${JSON.stringify({ [key]: value })}`,
        `ascii json: ${JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
        `url: https://example.invalid/?${key}=${encodeURIComponent(value)}`,
        `basic auth: ${Buffer.from(`user:${value}`).toString('base64')}`,
      );
    }
  }
  for (let i = 0; i < (mode.floodLines ?? 0); i++) {
    lines.push(`flood ${String(i).padStart(8, '0')} ${'#'.repeat(100)}`);
  }
  return lines;
}
