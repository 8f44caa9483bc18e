import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import busboy from 'busboy';
import { jsonBody, multipartBody, type FormFields } from '../../src/hub/form.js';
import type { RequestBody } from '../../src/hub/http.js';

let dir: string;
let zipPath: string;
const zipBytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31) % 256));

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'form-test-'));
  zipPath = path.join(dir, 'MyExec.zip');
  await fs.writeFile(zipPath, zipBytes);
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function bytesOf(body: RequestBody['body']): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const parts: Buffer[] = [];
  // Copied: the file's chunks are read into a ring of reused buffers (fileChunks).
  for await (const chunk of body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

interface FilePart {
  kind: 'file';
  name: string;
  filename: string | undefined;
  mimeType: string;
  data: Buffer;
}
type Part = { kind: 'field'; name: string; value: string } | FilePart;

/** Parses a multipart body the way a server would. */
async function parseForm(contentType: string, bytes: Buffer): Promise<Part[]> {
  const parts: Part[] = [];
  const pending: Array<Promise<void>> = [];
  await new Promise<void>((resolve, reject) => {
    const bb = busboy({ headers: { 'content-type': contentType }, limits: { fileSize: 64 * 1024 * 1024 } });
    bb.on('field', (name, value) => parts.push({ kind: 'field', name, value }));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const part: FilePart = { kind: 'file', name, filename: info.filename, mimeType: info.mimeType, data: Buffer.alloc(0) };
      parts.push(part);
      pending.push(
        new Promise((done) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            part.data = Buffer.concat(chunks);
            done();
          });
        }),
      );
    });
    bb.on('close', () => resolve());
    bb.on('error', reject);
    Readable.from([bytes]).pipe(bb);
  });
  await Promise.all(pending);
  return parts;
}

const FIELDS: FormFields = [
  ['public', 'True'],
  ['private', 'False'],
  ['md5sum', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['id', 'MyExec'],
  ['buildEnv', '{"A":"x=y","B":"ünïcode"}'],
  ['tags', 'v1,latest'],
];

describe('multipartBody', () => {
  it('announces exactly the number of bytes it produces (with a file)', async () => {
    const body = multipartBody(FIELDS, { path: zipPath, size: zipBytes.length, filename: 'MyExec.zip', contentType: 'application/zip' });
    const bytes = await bytesOf(body.body);
    assert.equal(body.contentLength, bytes.length);
  });

  it('announces exactly the number of bytes it produces (fields only, multi-byte values)', async () => {
    const body = multipartBody([
      ['id', 'tâsk-ü'],
      ['replay', 'True'],
    ]);
    assert.equal(body.contentLength, (await bytesOf(body.body)).length);
  });

  it('is valid multipart: fields in order first, the file last with its bytes', async () => {
    const body = multipartBody(FIELDS, { path: zipPath, size: zipBytes.length, filename: 'MyExec.zip', contentType: 'application/zip' });
    assert.match(body.contentType, /^multipart\/form-data; boundary=.+$/);
    const parts = await parseForm(body.contentType, await bytesOf(body.body));
    assert.deepEqual(
      parts.map((p) => p.name),
      [...FIELDS.map(([n]) => n), 'file'],
    );
    assert.deepEqual(
      parts.filter((p) => p.kind === 'field').map((p) => [p.name, p.kind === 'field' ? p.value : '']),
      FIELDS,
    );
    const last = parts.at(-1);
    assert.ok(last && last.kind === 'file');
    assert.equal(last.filename, 'MyExec.zip');
    assert.equal(last.mimeType, 'application/zip');
    assert.ok(last.data.equals(zipBytes), 'file bytes differ');
  });

  it('the raw bytes end with the file content and the closing boundary', async () => {
    const body = multipartBody([['a', '1']], { path: zipPath, size: zipBytes.length, filename: 'p.zip', contentType: 'application/zip' });
    const bytes = await bytesOf(body.body);
    const boundary = body.contentType.split('boundary=')[1] ?? '';
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    assert.ok(bytes.subarray(bytes.length - tail.length).equals(tail));
    const fileEnd = bytes.length - tail.length;
    assert.ok(bytes.subarray(fileEnd - zipBytes.length, fileEnd).equals(zipBytes));
    assert.ok(bytes.indexOf('name="a"') < bytes.indexOf('name="file"'));
  });

  it('gives a fresh body on each call (for retries), with the same length', async () => {
    const file = { path: zipPath, size: zipBytes.length, filename: 'p.zip', contentType: 'application/zip' };
    const a = multipartBody(FIELDS, file);
    const b = multipartBody(FIELDS, file);
    const [ba, bb] = [await bytesOf(a.body), await bytesOf(b.body)];
    assert.equal(ba.length, bb.length);
    assert.equal(a.contentLength, b.contentLength);
    assert.notEqual(a.contentType, b.contentType, 'boundaries should be random');
  });

  it('fields only: parses back without a file part', async () => {
    const body = multipartBody([
      ['id', 'task-1'],
      ['replay', 'False'],
      ['verbose', 'True'],
    ]);
    const parts = await parseForm(body.contentType, await bytesOf(body.body));
    assert.deepEqual(
      parts.map((p) => (p.kind === 'field' ? [p.name, p.value] : ['file'])),
      [
        ['id', 'task-1'],
        ['replay', 'False'],
        ['verbose', 'True'],
      ],
    );
  });

  it('fails when the file on disk does not have the announced size', async () => {
    const body = multipartBody([], { path: zipPath, size: zipBytes.length + 1, filename: 'p.zip', contentType: 'application/zip' });
    await assert.rejects(bytesOf(body.body), /changed while it was uploaded/);
  });
});

describe('jsonBody', () => {
  it('gives a JSON body with its byte length', () => {
    const body = jsonBody({ id: 'ünï', include: ['code'] });
    assert.equal(body.contentType, 'application/json');
    assert.ok(Buffer.isBuffer(body.body));
    assert.equal(body.contentLength, (body.body as Buffer).length);
    assert.deepEqual(JSON.parse((body.body as Buffer).toString()), { id: 'ünï', include: ['code'] });
  });
});
