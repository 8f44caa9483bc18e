// The Hub's errors, as sentences that say what to do, always with the session ID.

/** What the action knows when an error comes back, to name things in the sentence. */
export interface ErrorContext {
  method: string;
  name?: string;
  forceUpdate?: string;
  tags?: string[];
}

export interface HubErrorDetails {
  /** HTTP status, when the error came as an HTTP answer. */
  httpStatus?: number;
  /** Hubble return status, e.g. 42202. */
  status?: number;
  /** The Hub's own words (readableMessage, else message). */
  hubMessage?: string;
  retryable: boolean;
  /** From Retry-After, when the Hub sent one. */
  retryAfterMs?: number;
}

export class HubError extends Error {
  override name = 'HubError';
  constructor(
    message: string,
    readonly details: HubErrorDetails,
  ) {
    super(message);
  }
}

/** The Hub has no such executor (or tag, or task list): 404, or its own 40403. */
export function isNotFound(err: unknown): boolean {
  return err instanceof HubError && (err.details.status === 40403 || err.details.httpStatus === 404);
}

/** A build the action stopped waiting for at its time limit: it goes on at the Hub. */
export class BuildTimeout extends HubError {
  override name = 'BuildTimeout';
}

/** The answer was not what the contract says (not JSON, a line too long, no task ID...). */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * A request that made no progress for the stall timeout: an upload the Hub stopped reading, or an
 * answer that did not come. Worth another try, with the same Idempotency-Key.
 */
export class StallError extends Error {
  override name = 'StallError';
  readonly code = 'HUB_STALLED';
}

export const RETRYABLE_HTTP = new Set([408, 429, 500, 502, 503, 504]);

/** Reads a JSON error body `{code, status, message, readableMessage}`; anything else gives no fields. */
export function parseErrorBody(text: string): { status?: number; code?: number; hubMessage?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (body === null || typeof body !== 'object') return {};
    const pick = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    return {
      status: typeof body.status === 'number' ? body.status : undefined,
      code: typeof body.code === 'number' ? body.code : undefined,
      hubMessage: pick(body.readableMessage) ?? pick(body.message),
    };
  } catch {
    return {};
  }
}

/** One sentence for a Hub error: what happened, what to do, the Hub's words, the session ID. */
export function describeHubError(
  e: { httpStatus?: number; status?: number; hubMessage?: string },
  ctx: ErrorContext,
  sessionId: string,
): string {
  const advice = adviceFor(e.status, e.httpStatus, ctx);
  const said = e.hubMessage ?? (e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : 'no reason given');
  const head = advice ?? `the Hub refused ${ctx.method}`;
  return `${head} (Hub: ${said}; session ${sessionId})`;
}

function adviceFor(status: number | undefined, httpStatus: number | undefined, ctx: ErrorContext): string | undefined {
  const target = ctx.forceUpdate ?? ctx.name ?? 'the executor';
  switch (status) {
    case 40001:
      return `the Hub rejected a parameter of ${ctx.method}: check the inputs`;
    case 40003:
      return 'the upload arrived incomplete (data stream broken): run the step again';
    case 40101:
      return 'the Hub wants an SSO login: create a token with `jina auth token create` and pass it as token';
    case 40102:
      return 'the Hub did not accept the token: check the token input (or JINA_AUTH_TOKEN), it may be expired or mistyped';
    case 40103:
      return 'the Hub needs a token for this: set the token input (or JINA_AUTH_TOKEN)';
    case 40301:
      return `you may not change ${target}: give the executor's secret, or a token of its owner`;
    case 40403:
      return `${target} was not found on the Hub: check the name or ID${ctx.forceUpdate ? ' given as force-update' : ''}`;
    case 40901:
      return `the ID of ${target} conflicts with another executor on the Hub: push again with a different name`;
    case 40902:
      return `a protected tag of ${target} already exists${ctx.tags?.length ? ` (one of ${ctx.tags.join(', ')})` : ''}: a protected tag can never be pushed again, so push a new tag`;
    case 41301:
      return 'the package is too large for the Hub: leave big files out with .gitignore';
    case 42202:
      return `the name ${ctx.name ?? target} is taken on the Hub: rename metas.name in config.yml or push with force-update and the executor's secret`;
    case 42203:
      return `the Hub found the submitted data malformed in ${ctx.method}`;
    case 42205:
      return 'a service behind the Hub failed: run the step again later';
    case 50001:
      return 'the Hub had an internal error: run the step again later';
    case 50003:
      return 'the Docker build failed: see the build log above';
    case 50006:
      return 'the Hub closed the response stream early: run the step again';
  }
  switch (httpStatus) {
    case 401:
      return 'the Hub did not accept the credentials: check the token input (or JINA_AUTH_TOKEN)';
    case 403:
      return `the Hub refused ${ctx.method} for ${target}`;
    case 404:
      return `the Hub does not know ${ctx.method}, or ${target}: check the registry input`;
    case 413:
      return 'the package is too large for the Hub: leave big files out with .gitignore';
  }
  return undefined;
}
