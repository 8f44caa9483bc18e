/** Random identifiers. */
import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 8 random chars [a-z0-9]: an executor id. */
export function executorId(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** n random bytes as lowercase hex. */
export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** 24 hex chars: a task or commit id. */
export function objectId(): string {
  return hex(12);
}
