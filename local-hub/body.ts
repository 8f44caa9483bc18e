/**
 * Request body reading: multipart/form-data and urlencoded forms (busboy) or JSON.
 * The first file part (of any field name and content type; the clients name it `file`) is streamed to
 * disk while its md5 and size are computed; it is never held in memory. Further file parts are skipped.
 * The caller passes a mutable `ParsedBody` so that a body cut short still shows what arrived.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import busboy from 'busboy';
import { errors } from './errors.js';
import { hex } from './ids.js';

export interface ParsedFile {
  name: string;
  size: number;
  md5: string;
  /** Path of the stored bytes; '' when the part was not stored. */
  path: string;
}

export interface ParsedBody {
  fields: Record<string, string>;
  file?: ParsedFile;
}

const MAX_JSON = 1024 * 1024;

export async function readBody(req: IncomingMessage, body: ParsedBody, dataDir: string): Promise<void> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    await readForm(req, body, dataDir);
  } else if (type.startsWith('application/json')) {
    await readJson(req, body);
  } else {
    await drain(req);
  }
}

/** Reads and discards the rest of a request body. */
export function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete) {
      resolve();
      return;
    }
    req.on('end', () => resolve());
    req.on('close', () => resolve());
    req.on('error', () => resolve());
    req.resume();
  });
}

export async function removeFile(file: ParsedFile | undefined): Promise<void> {
  if (file?.path) await rm(file.path, { force: true });
}

function readJson(req: IncomingMessage, body: ParsedBody): Promise<void> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_JSON) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_JSON) {
        reject(errors.badParam('JSON body too large'));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve();
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        reject(errors.badParam('body is not valid JSON'));
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        reject(errors.badParam('JSON body must be an object'));
        return;
      }
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        body.fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      resolve();
    });
  });
}

function readForm(req: IncomingMessage, body: ParsedBody, dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers });
    } catch (err) {
      reject(errors.badParam(`malformed form: ${(err as Error).message}`));
      return;
    }
    let settled = false;
    let pendingFile: Promise<void> = Promise.resolve();
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      bb.removeAllListeners();
      bb.on('error', () => undefined);
      bb.destroy();
      void pendingFile.finally(() => removeFile(body.file)).catch(() => undefined);
      reject(err instanceof Error && err.name === 'HubError' ? err : errors.badParam(`malformed form: ${String(err)}`));
    };
    bb.on('field', (name, value) => {
      body.fields[name] = value;
    });
    bb.on('file', (_name, stream, info) => {
      if (body.file) {
        stream.resume();
        return;
      }
      const file: ParsedFile = { name: info.filename || 'file', size: 0, md5: '', path: join(dataDir, `upload-${hex(8)}.zip`) };
      body.file = file;
      const hash = createHash('md5');
      const out = createWriteStream(file.path);
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
        hash.update(chunk);
        // Keep the md5 of what arrived so far visible to a request cut short.
        file.md5 = hash.copy().digest('hex');
      });
      pendingFile = new Promise<void>((res, rej) => {
        out.on('finish', () => res());
        out.on('error', rej);
        stream.on('error', rej);
      }).then(() => {
        file.md5 = hash.digest('hex');
      });
      pendingFile.catch(fail);
      stream.pipe(out);
    });
    bb.on('error', fail);
    bb.on('close', () => {
      pendingFile.then(
        () => {
          if (settled) return;
          settled = true;
          resolve();
        },
        fail,
      );
    });
    req.on('error', fail);
    req.on('close', () => {
      if (!req.complete) fail(new Error('request aborted'));
    });
    req.pipe(bb);
  });
}
