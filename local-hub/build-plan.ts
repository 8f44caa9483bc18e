/** The timeline of one simulated build: log events and status changes at offsets from its start. */
import { hex } from './ids.js';
import type { LogData, TaskStatus } from './types.js';

export type PlanStep = { at: number; log: LogData } | { at: number; status: TaskStatus };

export interface PlanInput {
  name: string;
  durationMs: number;
  /** The reason the build fails, or null. */
  failure: string | null;
  neverEnds: boolean;
  notes: string[];
}

const BASE_IMAGE = 'jinaai/jina:3-py38-standard';

function consoleLine(payload: string): LogData {
  return { type: 'console', subject: 'buildImage', payload };
}

/** Log events, in order, for the build described by `input`. */
function logLines(input: PlanInput): LogData[] {
  const lines: LogData[] = [{ type: 'start', subject: 'buildImage', payload: `Building executor ${input.name}` }];
  for (const note of input.notes) lines.push(consoleLine(note));
  lines.push(consoleLine(`Step 1/4 : FROM ${BASE_IMAGE}`));
  if (input.failure !== null && !input.neverEnds) {
    lines.push(consoleLine(`ERROR: ${input.failure}`));
    return lines;
  }
  lines.push(consoleLine('Step 2/4 : COPY . /workspace'));
  lines.push(consoleLine('Step 3/4 : RUN pip install -r requirements.txt'));
  lines.push(consoleLine('Installing requirements.txt'));
  if (input.neverEnds) return lines;
  lines.push(consoleLine('Step 4/4 : ENTRYPOINT ["jina", "executor", "--uses", "config.yml"]'));
  lines.push(consoleLine(`Successfully built ${hex(6)}`));
  lines.push({ type: 'done', subject: 'pushImage', payload: `Successfully pushed ${input.name}` });
  return lines;
}

/** Steps sorted by time: running at 15%, logs spread over 15%..95%, the end at 100% (unless neverEnds). */
export function buildPlan(input: PlanInput): PlanStep[] {
  const d = Math.max(0, input.durationMs);
  const runningAt = Math.round(d * 0.15);
  const steps: PlanStep[] = [{ at: runningAt, status: 'running' }];
  const lines = logLines(input);
  const span = d * 0.8;
  lines.forEach((log, i) => {
    steps.push({ at: Math.round(runningAt + (span * i) / Math.max(1, lines.length)), log });
  });
  if (!input.neverEnds) steps.push({ at: d, status: input.failure === null ? 'succeeded' : 'failed' });
  return steps;
}
