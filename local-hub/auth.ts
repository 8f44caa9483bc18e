/** `Authorization: token <T>` -> owner name. */
import type { IncomingMessage } from 'node:http';
import { errors } from './errors.js';
import type { HubState } from './state.js';

/** The owner of the request's token; null without a token; throws 40102 for an unknown token. */
export function ownerOf(req: IncomingMessage, state: HubState): string | null {
  const header = req.headers['authorization'];
  if (header === undefined || header.trim() === '') return null;
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
  const token = match?.[1]?.trim() ?? header.trim();
  const owner = state.tokens.get(token);
  if (owner === undefined) throw errors.authFailed();
  return owner;
}

export function requireOwner(req: IncomingMessage, state: HubState): string {
  const owner = ownerOf(req, state);
  if (owner === null) throw errors.authRequired();
  return owner;
}
