// The token's owner (user.identity.whoami, there in both generations of the Hub API): the namespace
// in which a token's executors live. Asked once per run, whatever the number of executors.
import { messageOf } from './failure.js';
import { HubError } from './hub/errors.js';
import * as log from './log.js';

type Answer = { owner: string } | { error: unknown };

export class TokenOwner {
  private answer: Promise<Answer> | undefined;
  private told = false;

  constructor(
    private readonly hub: { whoami(): Promise<string>; readonly sessionId: string },
    private readonly hasToken: boolean,
  ) {}

  /**
   * The owner of the token, or undefined without a token. A token the Hub refuses always throws (the
   * Hub's sentence). Any other failure throws when `required` (the push generation needs the owner);
   * otherwise it says once what that means (`ifUnknown`), and gives undefined.
   */
  async get(required: boolean, ifUnknown = ''): Promise<string | undefined> {
    if (!this.hasToken) return undefined;
    this.answer ??= this.hub.whoami().then(
      (owner) => {
        log.info(`the token is ${owner}'s: their executors are ${owner}/<name>`);
        return { owner };
      },
      (error: unknown) => ({ error }),
    );
    const answer = await this.answer;
    if ('owner' in answer) return answer.owner;
    if (required || isRefusedToken(answer.error)) throw answer.error;
    if (!this.told) {
      this.told = true;
      log.info(`could not learn whose token this is (user.identity.whoami: ${messageOf(answer.error, this.hub.sessionId)})${ifUnknown ? `: ${ifUnknown}` : ''}`);
    }
    return undefined;
  }
}

/** 401, or a Hub status that says the login is missing, wrong or expired. */
export function isRefusedToken(err: unknown): boolean {
  if (!(err instanceof HubError)) return false;
  const { httpStatus, status } = err.details;
  return httpStatus === 401 || status === 40101 || status === 40102 || status === 40103;
}

/** How a token owner's executor is named to the Hub: `<owner>/<name>`, so that another owner's executor of the same name is never taken for it. */
export function ownedRef(owner: string, name: string): string {
  return `${owner}/${name}`;
}
