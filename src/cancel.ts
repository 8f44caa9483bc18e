// Cancellation: a cancelled workflow sends SIGINT (then SIGTERM, then kills the step). The first
// signal aborts what is in flight and lets the step say where things stand; a second one ends the
// process at once.

export class Cancelled extends Error {
  constructor(readonly signalName: NodeJS.Signals) {
    super(`cancelled by ${signalName}`);
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

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
