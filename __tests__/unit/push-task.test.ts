// The build task an executor.push made, found in the executor's task list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HubError } from '../../src/hub/errors.js';
import type { RetryPolicy } from '../../src/hub/http.js';
import { PushTask } from '../../src/push-task.js';

type Task = { _id: string; status?: string; createdAt?: string };

/** A task list that answers each look with the next of `answers` (the last one repeats); a function throws instead. */
function lister(answers: Array<Task[] | (() => never)>) {
  const asked: Array<{ ref: string; pageSize: number; attempts: number }> = [];
  let i = 0;
  return {
    asked,
    listTasks: async (ref: string, pageSize: number, policy?: RetryPolicy) => {
      asked.push({ ref, pageSize, attempts: policy?.attempts ?? -1 });
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (typeof answer === 'function') answer();
      return answer as Task[];
    },
  };
}

const notFound = (): never => {
  throw new HubError('not found', { httpStatus: 404, status: 40403, retryable: false });
};
const broken = (): never => {
  throw new HubError('bad gateway', { httpStatus: 502, retryable: true });
};

describe('PushTask', () => {
  it('is the newest task that was not listed before the upload, by the ref given, one try per look', async () => {
    const hub = lister([[{ _id: 'old2' }, { _id: 'old1' }], [{ _id: 'old2' }, { _id: 'old1' }], [{ _id: 'new1' }, { _id: 'old2' }, { _id: 'old1' }]]);
    const task = await PushTask.before(hub, 'alice/MyEncoder');
    assert.equal(await task.look(), undefined, 'not listed yet');
    assert.equal(await task.look(), 'new1');
    assert.ok(hub.asked.every((a) => a.ref === 'alice/MyEncoder' && a.attempts === 1));
  });

  it('an executor the Hub does not know yet has no tasks before: its first task is this one', async () => {
    const hub = lister([notFound, [{ _id: 'first', createdAt: '2001-01-01T00:00:00Z' }]]);
    const task = await PushTask.before(hub, 'alice/New');
    assert.equal(await task.look(), 'first');
  });

  it('when the list could not be read before, a task created since the upload began (give or take the clock skew)', async () => {
    const hub = lister([broken, [{ _id: 'ancient', createdAt: '2001-01-01T00:00:00Z' }], [{ _id: 'fresh', createdAt: new Date().toISOString() }]]);
    const task = await PushTask.before(hub, 'alice/MyEncoder');
    assert.equal(await task.look(), undefined, 'an old task is not this push');
    assert.equal(await task.look(), 'fresh');
  });

  it('looks again until found, and stops looking when the build stream has ended', async () => {
    const found = lister([[], [], [], [{ _id: 't9' }]]);
    assert.equal(await (await PushTask.before(found, 'a/b')).find(new AbortController().signal), 't9');

    const never = lister([[]]);
    const ended = new AbortController();
    const task = await PushTask.before(never, 'a/b');
    setTimeout(() => ended.abort(), 50);
    const started = Date.now();
    assert.equal(await task.find(ended.signal), undefined);
    assert.ok(Date.now() - started < 2000, 'it stopped with the stream');
  });
});
