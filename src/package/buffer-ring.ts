// A few buffers used in turn instead of a fresh one per block: no garbage piling up between
// collections. A buffer handed to a file write or a deflate on the thread pool is in use until that
// job ends, and Node does not copy it: so every use is registered (hold), and a buffer is handed out
// again only once every job that held it has ended, successfully or not.

import type { FileHandle } from 'node:fs/promises';

export class BufferRing {
  private readonly buffers: Buffer[];
  private readonly busy: Array<Promise<unknown>>;
  private turn = 0;

  constructor(count: number, readonly size: number) {
    this.buffers = Array.from({ length: count }, () => Buffer.allocUnsafe(size));
    this.busy = this.buffers.map(() => Promise.resolve());
  }

  /** The next buffer of the ring, once every job that held it has ended. */
  async next(): Promise<RingBuffer> {
    const slot = this.turn++ % this.buffers.length;
    await this.busy[slot];
    return { buffer: this.buffers[slot] as Buffer, slot };
  }

  /**
   * `job` uses the buffer: it is not handed out again before `job` ends. What the jobs resolve to is
   * dropped: a slot's promise is chained over the whole package, and keeping each job's result (a
   * deflated block) in the chain kept every deflated block of the package alive until the end.
   */
  hold(buffer: RingBuffer, job: Promise<unknown>): void {
    this.busy[buffer.slot] = Promise.allSettled([this.busy[buffer.slot], job]).then(ended);
  }
}

const ended = (): void => undefined;

/**
 * The file behind `handle` in blocks of the ring's buffer size (the last one shorter), each read into
 * the ring's next buffer, the next read started while this block is used; the handle is closed at
 * the end. A block's buffer is handed out again once every job the caller holds on it has ended (and
 * at once when it holds none). The ring needs three buffers at least: the next read starts before the
 * caller has registered its holds on the block before this one.
 */
export async function* readThroughRing(handle: FileHandle, ring: BufferRing): AsyncGenerator<{ block: Buffer; held: RingBuffer }> {
  let position = 0;
  const readNext = async () => {
    const held = await ring.next();
    const { bytesRead } = await handle.read(held.buffer, 0, ring.size, position);
    position += bytesRead;
    return { block: held.buffer.subarray(0, bytesRead), held };
  };
  let next = readNext();
  try {
    for (;;) {
      const read = await next;
      if (read.block.length === 0) return;
      next = readNext();
      yield read;
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}

export interface RingBuffer {
  buffer: Buffer;
  slot: number;
}
