import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BufferRing } from '../../src/package/buffer-ring.js';

describe('BufferRing', () => {
  it('hands the buffers out in turn, each again only once every job that held it has ended', async () => {
    const ring = new BufferRing(2, 16);
    const a = await ring.next();
    const b = await ring.next();
    assert.notEqual(a.buffer, b.buffer);
    let endWrite!: () => void;
    let failDeflate!: (err: Error) => void;
    ring.hold(a, new Promise<void>((resolve) => (endWrite = resolve)));
    const deflate = new Promise<void>((_, reject) => (failDeflate = reject));
    deflate.catch(() => undefined);
    ring.hold(a, deflate);
    let again: Buffer | undefined;
    const waiting = ring.next().then((r) => (again = r.buffer));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(again, undefined, 'handed out while two jobs held it');
    endWrite();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(again, undefined, 'handed out while a job still held it');
    failDeflate(new Error('deflate failed')); // a job that fails ends too
    await waiting;
    assert.equal(again, a.buffer);
  });

  it('a buffer nobody held is handed out again at once', async () => {
    const ring = new BufferRing(1, 8);
    const first = await ring.next();
    const second = await ring.next();
    assert.equal(first.buffer, second.buffer);
    assert.equal(first.buffer.length, 8);
  });

  it('keeps nothing a job resolved to: the results of a slot\'s jobs are collected while the ring lives on', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const ring = new BufferRing(3, 8);
    const results: Array<WeakRef<Buffer>> = [];
    // As the zip writer does: every block's deflate holds its buffer, then the write of its output.
    const fill = async () => {
      for (let i = 0; i < 30; i++) {
        const held = await ring.next();
        const deflated = Buffer.alloc(64 * 1024, i);
        results.push(new WeakRef(deflated));
        const job = Promise.resolve(deflated);
        ring.hold(held, job);
        ring.hold(held, job.then(() => ({ bytesWritten: 8, buffer: held.buffer })));
      }
    };
    await fill();
    await ring.next();
    // No deref() before the collections: a target deref'd in a task is kept alive until that task ends.
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    const kept = results.filter((r) => r.deref()).length;
    assert.equal(kept, 0, `${kept} of 30 deflated blocks are still alive, held by the ring's chains`);
  });
});
