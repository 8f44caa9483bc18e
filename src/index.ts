import { setFlagsFromString } from 'node:v8';
import { run } from './main.js';

// Keeps undici's llhttp WebAssembly parser on V8's baseline compiler (Liftoff). Once the Hub's answers
// have warmed it, V8 would recompile it with TurboFan on a background thread: ~200 ms of CPU and
// 34-38 MiB of RSS at the end of the step, for a parser that reads a few small answers. The flag must
// be set before the first connection compiles llhttp (undici does so lazily). It names no function
// index (-2 is none), so no WebAssembly function tiers up; `--liftoff-only` does the same on Node 20
// but is ignored at run time by Node 24, this one works on both (checked with --trace-wasm-compilation-times).
setFlagsFromString('--wasm-tier-up-filter=-2');

await run();
