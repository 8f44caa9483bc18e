import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
