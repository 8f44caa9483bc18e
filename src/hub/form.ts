// multipart/form-data with a known length: text fields first, the file (streamed from disk) last.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { RequestBody } from './http.js';

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
      for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
        sent += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (sent !== file.size) throw new Error(`the package ${file.path} changed while it was uploaded`);
    }
    yield tail;
  }
  return { body: file ? parts() : Buffer.concat([head, tail]), contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}

export function jsonBody(value: unknown): RequestBody {
  const body = Buffer.from(JSON.stringify(value));
  return { body, contentType: 'application/json', contentLength: body.length };
}
