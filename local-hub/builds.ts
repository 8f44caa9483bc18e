/** Runs simulated builds: checks the package, then plays the build plan on timers. */
import { rm } from 'node:fs/promises';
import { buildPlan } from './build-plan.js';
import type { PlanStep } from './build-plan.js';
import { inspectPackage } from './package-check.js';
import { executorView, protectedTagIn, publishVersion } from './publish.js';
import type { HubState } from './state.js';
import { appendLog, setStatus } from './tasks.js';
import type { Task } from './types.js';

export class BuildRunner {
  private generation = 0;
  private readonly running = new Set<Task>();

  constructor(
    private readonly state: HubState,
    private readonly defaultDurationMs: number,
  ) {}

  /** Starts the build of a task already stored in the state. */
  start(task: Task): void {
    const gen = this.generation;
    const fault = this.state.takeNextBuild();
    const durationMs = fault?.durationMs ?? this.defaultDurationMs;
    const startedAt = Date.now();
    if (fault?.withoutResult === true) task.reportWithoutResult = true;
    if (fault?.thinComplete === true) task.thinComplete = true;
    this.running.add(task);
    appendLog(task, { type: 'init', subject: 'buildImage', payload: `Build task ${task._id} queued` });
    const { upload } = task;
    void inspectPackage(upload.filePath, {
      expectedName: upload.expectedName,
      dockerfile: upload.dockerfile,
      buildEnv: upload.buildEnv,
    }).then((check) => {
      if (gen !== this.generation) return;
      const failure = check.failure ?? fault?.fail ?? null;
      const plan = buildPlan({
        name: check.name ?? task.executorName ?? '(unnamed)',
        durationMs,
        failure,
        neverEnds: fault?.neverEnds === true,
        notes: check.notes,
      });
      this.play(task, plan, 0, startedAt, failure);
    });
  }

  /** Stops every build (timers cleared; tasks keep their current status). */
  stopAll(): void {
    this.generation += 1;
    for (const task of this.running) clearTimeout(task.timer);
    this.running.clear();
  }

  private play(task: Task, plan: PlanStep[], index: number, startedAt: number, failure: string | null): void {
    const step = plan[index];
    if (!step) {
      if (task.status === 'succeeded' || task.status === 'failed') this.running.delete(task);
      return;
    }
    const delay = Math.max(0, startedAt + step.at - Date.now());
    task.timer = setTimeout(() => {
      if ('log' in step) appendLog(task, step.log);
      else if (step.status === 'succeeded') this.succeed(task);
      else if (step.status === 'failed') this.fail(task, failure ?? 'build failed');
      else setStatus(task, step.status);
      this.play(task, plan, index + 1, startedAt, failure);
    }, delay);
  }

  private succeed(task: Task): void {
    const executor = task.executorId === null ? undefined : this.state.executors.get(task.executorId);
    if (!executor) {
      this.fail(task, 'the executor no longer exists on the Hub');
      return;
    }
    const taken = protectedTagIn(executor, task.upload.tags);
    if (taken !== undefined) {
      this.fail(task, `resource policy deny: the tag ${taken} of ${executor.name} is protected`);
      return;
    }
    const version = publishVersion(executor, task.upload);
    task.result = executorView(executor, version);
    setStatus(task, 'succeeded');
  }

  private fail(task: Task, reason: string): void {
    const last = task.log[task.log.length - 1];
    if (!last?.data.payload.includes(reason)) {
      appendLog(task, { type: 'console', subject: 'buildImage', payload: `ERROR: ${reason}` });
    }
    task.error = { message: reason };
    const executor = task.executorId === null ? undefined : this.state.executors.get(task.executorId);
    if (executor && task.upload.anonymousCreate && executor.versions.length === 0) {
      this.state.executors.delete(executor.id);
    }
    void rm(task.upload.filePath, { force: true }).catch(() => undefined);
    setStatus(task, 'failed');
  }
}
