// Cancellation: a cancelled workflow sends SIGINT (then SIGTERM, then kills the step). The first
// signal aborts what is in flight and lets the step say where things stand; a second one ends the
// process at once.

export class Cancelled extends Error {
  constructor(readonly signalName: NodeJS.Signals) {
    super(`cancelled by ${signalName}`);
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Ends a step cancelled before the action has started any work: one sentence, exit 1. */
function cancelledAtStartup(name: NodeJS.Signals): void {
  // @actions/core may not be loaded yet: the annotation is written as the runner reads it.
  // eslint-disable-next-line no-restricted-syntax -- a fixed sentence, before log.ts can be loaded
  process.stdout.write(`::error::cancelled by ${name} while the action was starting: nothing was done\n`);
  process.exit(1);
}

/** Installs the startup handlers; the first Cancellation takes over from them. Call it before loading anything else. */
export function guardStartup(): void {
  for (const name of SIGNALS) process.on(name, cancelledAtStartup);
}

export class Cancellation {
  private readonly controller = new AbortController();
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private received: NodeJS.Signals | undefined;
  private readonly rejectors = new Set<(err: Cancelled) => void>();

  constructor() {
    for (const name of SIGNALS) {
      const handler = () => this.onSignal(name);
      this.handlers.set(name, handler);
      process.on(name, handler);
      process.off(name, cancelledAtStartup);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.received !== undefined;
  }

  /** `work`, or a Cancelled error as soon as a signal arrives, whether or not `work` heeds the abort. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.received) return Promise.reject(new Cancelled(this.received));
    return new Promise<T>((resolve, reject) => {
      this.rejectors.add(reject);
      work.then(resolve, reject).finally(() => this.rejectors.delete(reject));
    });
  }

  /** Stops listening: signals after this get Node's default behaviour. */
  dispose(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }

  private onSignal(name: NodeJS.Signals): void {
    if (this.received) process.exit(1); // a second signal: no more waiting
    this.received = name;
    this.controller.abort(new Cancelled(name));
    for (const reject of this.rejectors) reject(new Cancelled(name));
  }
}
