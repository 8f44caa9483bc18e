// The entry point. Signal handlers come first, before the rest of the bundle is even loaded: a
// workflow cancelled while the action starts still ends the step with a sentence and exit 1.
import { guardStartup } from './cancel.js';

guardStartup();
const [{ run }, log] = await Promise.all([import('./main.js'), import('./log.js')]);
// A stray error would otherwise reach stderr raw (the runner reads stderr for commands too, and the
// message may hold a secret or text from the Hub): it ends the step through log.ts like any failure.
const crash = (err: unknown) => {
  log.fail(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
await run();
