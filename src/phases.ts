// The phases of a run (package, upload, build): each timed for the summary and closed by one log line.
import { performance } from 'node:perf_hooks';
import * as log from './log.js';
import { phaseLine } from './progress.js';
import type { SummaryFacts } from './report.js';

/** Runs one phase: its time goes to the summary, and a line saying it is done (with `detail`) to the log. */
export async function timed<T>(facts: SummaryFacts, phase: string, fn: () => Promise<T>, detail?: (result: T, ms: number) => string): Promise<T> {
  const start = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - start;
    log.info(phaseLine(phase, ms, detail?.(result, ms)));
    return result;
  } finally {
    facts.phases.push([phase, performance.now() - start]);
  }
}
