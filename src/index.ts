// The entry point. Signal handlers come first, before the rest of the bundle is even loaded: a
// workflow cancelled while the action starts still ends the step with a sentence and exit 1.
import { guardStartup } from './cancel.js';

guardStartup();
const { run } = await import('./main.js');
await run();
