// The executor a build published, when the Hub's answer does not say it (a `succeeded` report without
// `result`, a `complete` with a thin payload): looked up with executor.getPackage, never made up.
import { settle, type RunContext } from './context.js';
import type { Executor } from './hub/client.js';
import { BuildFailed, messageOf } from './failure.js';
import * as log from './log.js';

export interface Lookup {
  /** How the Hub names the executor: its ID, `<owner>/<name>`, or what force-update gave; undefined when not known. */
  ref?: string;
  /** The tag the build published, so that the answer is that version. */
  tag?: string;
  secret?: string;
  /** With a token, the executor lives in its owner's namespace: an answer without the owner is thin. */
  expectOwner: boolean;
  /** What was built, for the sentence: e.g. the executor's name. */
  what: string;
  taskId?: string;
}

/** Whether the Hub's executor says what the outputs need: its ID, its name, and its owner when it has one. */
export function isComplete(executor: Executor, expectOwner: boolean): boolean {
  return Boolean(executor.id && executor.name && (!expectOwner || executor.owner?.name));
}

/**
 * The executor as reported, when that says enough; else as executor.getPackage tells it. When it
 * cannot be looked up, the step fails with a sentence saying the build succeeded: it never reports
 * success with an empty ID or a URI it could not know.
 */
export async function publishedExecutor(ctx: RunContext, reported: Executor, how: Lookup): Promise<Executor> {
  if (isComplete(reported, how.expectOwner)) return reported;
  const task = how.taskId ? ` (task ${how.taskId})` : '';
  let why: string;
  if (how.ref === undefined) {
    why = 'the action does not know its name to look it up (give path with status-only: true)';
  } else {
    try {
      const found = await ctx.client.findExecutor(how.ref, how.tag, how.secret);
      if (found) {
        log.info(`the Hub did not say which executor the build published: looked it up as ${how.ref}${how.tag ? `:${how.tag}` : ''}`);
        return { ...found, ...(reported.secret ? { secret: reported.secret } : {}) };
      }
      why = `the Hub has no ${how.ref}${how.tag ? `:${how.tag}` : ''}`;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      why = `looking it up as ${how.ref} failed: ${messageOf(err, ctx.client.sessionId)}`;
    }
  }
  settle(ctx, 'failed');
  // A secret the Hub showed is never shown again: hand it over whatever else is unknown.
  ctx.outputs.set('secret', reported.secret);
  ctx.outputs.set('name', reported.name);
  const secret = reported.secret ? ' (the secret it returned is in the secret output)' : '';
  throw new BuildFailed(
    `the build of ${how.what}${task} succeeded, but the Hub did not say which executor it published and ${why}; ` +
      `its ID and URI are unknown, so the step fails rather than report them empty${secret}: look the executor up on the Hub (session ${ctx.client.sessionId})`,
  );
}
