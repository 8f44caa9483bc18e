/** Hub errors and their JSON bodies: {code, status, message, readableMessage}. */
import type { ServerResponse } from 'node:http';

export class HubError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly hubStatus: number,
    message: string,
    readonly readableMessage: string = message,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface ErrorBody {
  code: number;
  status: number;
  message: string;
  readableMessage: string;
}

export function errorBody(err: HubError): ErrorBody {
  return { code: err.httpStatus, status: err.hubStatus, message: err.message, readableMessage: err.readableMessage };
}

export function sendJson(res: ServerResponse, httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HubError): void {
  sendJson(res, err.httpStatus, errorBody(err), err.headers);
}

export const errors = {
  badParam: (message: string): HubError => new HubError(400, 40001, message),
  streamBroken: (message: string): HubError => new HubError(400, 40003, message, `data stream broken: ${message}`),
  authFailed: (): HubError =>
    new HubError(401, 40102, 'authentication failed', 'authentication failed: the token is not known to this Hub'),
  authRequired: (): HubError =>
    new HubError(401, 40103, 'authentication required', 'authentication required: this method needs a token'),
  notAllowed: (message: string): HubError => new HubError(403, 40301, message),
  notFound: (message: string): HubError => new HubError(404, 40403, message),
  policyDeny: (message: string): HubError => new HubError(403, 40902, message),
  nameOccupied: (name: string): HubError =>
    new HubError(409, 42202, `identifier namespace occupied: the name ${name} belongs to someone else`),
  internal: (message: string): HubError => new HubError(500, 50001, message),
};
