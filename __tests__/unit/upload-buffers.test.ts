// The upload reads the package into a ring of reused buffers (form.ts fileChunks) and hands them to
// undici, which does not copy them into the socket: a buffer reused too early would send wrong bytes.
// A Hub that reads slowly (the socket's queue full most of the time) must still receive the package
// exactly: same md5, same size.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import busboy from 'busboy';
import { fileChunks, multipartBody } from '../../src/hub/form.js';
import { HubHttp } from '../../src/hub/http.js';

let dir: string;
let file: string;
let size: number;
let md5: string;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'upload-buffers-'));
  file = path.join(dir, 'package.zip');
  // Random bytes, and a size that is not a multiple of the chunk: every chunk differs, the last is short.
  const data = randomBytes(24 * 1024 * 1024 + 12_345);
  size = data.length;
  md5 = createHash('md5').update(data).digest('hex');
  await fs.writeFile(file, data);
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A Hub whose reading of the file part pauses after every piece for `pauseMs` (0..pauseMs at random with `jitter`). */
async function slowHub(pauseMs: number, jitter: boolean) {
  const received: Array<{ md5: string; size: number }> = [];
  const server = http.createServer((req, res) => {
    const bb = busboy({ headers: req.headers, limits: { fileSize: 1 << 30 } });
    bb.on('file', (_name, stream) => {
      const hash = createHash('md5');
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        stream.pause();
        setTimeout(() => stream.resume(), jitter ? Math.random() * pauseMs : pauseMs);
      });
      stream.on('end', () => received.push({ md5: hash.digest('hex'), size: bytes }));
    });
    bb.on('close', () => res.end('{"code":202,"data":{"_id":"t"}}\n'));
    req.pipe(bb);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('upload buffers', () => {
  for (const [pauseMs, jitter] of [
    [1, false],
    [3, true],
  ] as const) {
    it(`a Hub that reads slowly (pause ${pauseMs} ms${jitter ? ' at random' : ''}) receives the package byte for byte`, { timeout: 120_000 }, async () => {
      const hub = await slowHub(pauseMs, jitter);
      const client = new HubHttp(hub.url, undefined);
      try {
        const body = multipartBody([['md5sum', md5]], { path: file, size, filename: 'x.zip', contentType: 'application/zip' });
        const res = await client.call('executor.createAsync', body, { context: { method: 'executor.createAsync' } });
        await res.body.text();
        assert.deepEqual(hub.received, [{ md5, size }]);
      } finally {
        await client.close();
        await hub.close();
      }
    });
  }

  it('fileChunks gives the file in order, the last chunk short, from a ring of buffers', async () => {
    const hash = createHash('md5');
    const buffers = new Set<ArrayBufferLike>();
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of fileChunks(file, 1 << 20, 3)) {
      hash.update(chunk);
      buffers.add(chunk.buffer);
      bytes += chunk.length;
      chunks++;
    }
    assert.equal(bytes, size);
    assert.equal(hash.digest('hex'), md5);
    assert.equal(chunks, Math.ceil(size / (1 << 20)));
    // No allocation per chunk: the 25 chunks came from three buffers.
    assert.ok(buffers.size <= 3, `${buffers.size} buffers`);
  });
});
