// The entry point. Signal handlers come first, before the rest of the bundle is even loaded: a
// workflow cancelled while the action starts still ends the step with a sentence and exit 1.
import { setFlagsFromString } from 'node:v8';
import { guardStartup } from './cancel.js';

guardStartup();
// Keeps undici's llhttp WebAssembly parser on V8's baseline compiler (Liftoff). Once the Hub's answers
// have warmed it, V8 would recompile it with TurboFan on a background thread: ~200 ms of CPU and
// 34-38 MiB of RSS at the end of the step, for a parser that reads a few small answers. The flag must
// be set before the first connection compiles llhttp (undici does so lazily). It names no function
// index (-2 is none), so no WebAssembly function tiers up; `--liftoff-only` does the same on Node 20
// but is ignored at run time by Node 24, this one works on both (checked with --trace-wasm-compilation-times).
setFlagsFromString('--wasm-tier-up-filter=-2');
// Keeps V8's young generation at its first size instead of letting it grow (to 16 MiB and more on
// Node 24): what the step allocates is short-lived buffers' handles and parsed answers, collected as
// cheaply in a small young generation; measured 10 MiB less peak RSS on Node 20, 15-18 on Node 24,
// the same CPU. Set before the rest of the bundle is loaded, like the flag above.
setFlagsFromString('--semi-space-growth-factor=1');
// One import: log.js comes with main.js (importing it on its own too made the bundle read it twice).
const { run, fail } = await import('./main.js');
// A stray error would otherwise reach stderr raw (the runner reads stderr for commands too, and the
// message may hold a secret or text from the Hub): it ends the step through log.ts like any failure.
const crash = (err: unknown) => {
  fail(`unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
await run();
