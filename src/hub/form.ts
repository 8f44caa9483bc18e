// multipart/form-data with a known length: text fields first, the file (streamed from disk) last.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { BufferRing, readThroughRing } from '../package/buffer-ring.js';
import type { RequestBody } from './http.js';

/**
 * The file is read in chunks of this size into a ring of FILE_BUFFERS buffers, reused in turn: no
 * allocation per chunk, so no garbage piling up between collections (a fresh 1 MiB per chunk cost
 * ~33 MiB of RSS and twice the CPU of the upload). A buffer handed to a socket is not copied: it is in
 * use until the socket's write of it completes. Reuse is safe because of how the body is consumed:
 * undici's writer for an async iterable body (client-h1 writeIterable) asks for the next chunk only
 * after socket.write() returned true or the socket emitted 'drain'; write() returns false for any
 * chunk at least as large as the socket's writableHighWaterMark (16 KiB on Node 20, 64 KiB on 24;
 * this chunk is 1 MiB), and 'drain' comes once every queued write has completed. So when the next
 * chunk is asked for, every chunk before it has left our buffers (only the file's short last chunk
 * may still be queued, and no read follows it). The ring reads one chunk ahead, into the buffer after
 * the one being sent; with three buffers, the one read into was sent two chunks ago.
 */
const FILE_CHUNK = 1 << 20;
const FILE_BUFFERS = 3;

export type FormFields = Array<[name: string, value: string]>;

export interface FormFile {
  path: string;
  size: number;
  filename: string;
  contentType: string;
}

/** Builds a fresh body each call, so that every retry sends the whole form again. */
export function multipartBody(fields: FormFields, file?: FormFile): RequestBody {
  const boundary = `----hub-push-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join(''),
  );
  const fileHead = file
    ? Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename.replace(/"/g, '')}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      )
    : Buffer.alloc(0);
  const tail = Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`);
  const contentLength = head.length + fileHead.length + (file?.size ?? 0) + tail.length;

  async function* parts(): AsyncIterable<Buffer> {
    yield head;
    if (file) {
      yield fileHead;
      let sent = 0;
      for await (const chunk of fileChunks(file.path)) {
        sent += chunk.length;
        yield chunk;
      }
      if (sent !== file.size) throw new Error(`the package ${file.path} changed while it was uploaded`);
    }
    yield tail;
  }
  return { body: file ? parts() : Buffer.concat([head, tail]), contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}

/**
 * The file in FILE_CHUNK chunks read into a ring of reused buffers, the next chunk read while this one
 * is sent. A chunk's bytes stay valid until the consumer asks for the chunk two after it: a consumer
 * that keeps chunks (rather than writing them out, as undici does) must copy them.
 */
export async function* fileChunks(file: string, chunkSize = FILE_CHUNK, buffers = FILE_BUFFERS): AsyncGenerator<Buffer> {
  for await (const { block } of readThroughRing(await fs.open(file, 'r'), new BufferRing(buffers, chunkSize))) yield block;
}

export function jsonBody(value: unknown): RequestBody {
  const body = Buffer.from(JSON.stringify(value));
  return { body, contentType: 'application/json', contentLength: body.length };
}
