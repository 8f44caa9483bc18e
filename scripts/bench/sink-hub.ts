// A Hub that only counts bytes: the benchmark's upload target. It reads every upload to its end and
// keeps nothing (no disk, no parsing of the form), answers createAsync as the contract says (one
// `{"code": 202, "data": {"_id": ...}}` line) and queryProgress with one `succeeded` report, so that a
// whole step completes against it; and it times each upload on its own side (first byte of the request
// to the last byte of its body), the same way for the action and for curl.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkUpload {
  method: string;
  bytes: number;
  /** performance.now() in this process when the request's head arrived and when its body ended. */
  startMs: number;
  endMs: number;
}

export interface SinkHub {
  url: string;
  /** performance.now() when the first request since the last clear() arrived. */
  firstRequestMs(): number | undefined;
  uploads(): SinkUpload[];
  clear(): void;
  close(): Promise<void>;
}

/** A body smaller than this without a file part is the package-less probe of a Hub's methods: 400 40001, as a Hub with the method answers. */
const PROBE_MAX = 64 * 1024;

const EXECUTOR = { id: 'benchid1', name: 'BenchEncoder', visibility: 'public', owner: { name: 'bench' }, commit: { id: 'c0ffee', tags: ['latest'] } };

export async function startSinkHub(): Promise<SinkHub> {
  let first: number | undefined;
  let uploads: SinkUpload[] = [];
  const server = http.createServer((req, res) => {
    const startMs = performance.now();
    first ??= startMs;
    const method = (req.url ?? '').replace(/^.*\/v2\/rpc\//, '');
    let bytes = 0;
    let head: Buffer | undefined;
    req.on('data', (chunk: Buffer) => {
      if (bytes < PROBE_MAX) head = head ? Buffer.concat([head, chunk]).subarray(0, PROBE_MAX) : chunk.subarray(0, PROBE_MAX);
      bytes += chunk.length;
    });
    req.on('end', () => {
      const endMs = performance.now();
      const json = (status: number, value: unknown) => {
        const text = `${JSON.stringify(value)}\n`;
        res.writeHead(status, { 'content-type': status === 200 ? 'application/x-ndjson' : 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const hasFile = (head ?? Buffer.alloc(0)).includes('name="file"');
      switch (method) {
        case 'executor.createAsync':
        case 'executor.updateAsync':
          if (!hasFile && bytes < PROBE_MAX) return json(400, { code: 400, status: 40001, message: 'file is required' });
          uploads.push({ method, bytes, startMs, endMs });
          return json(200, { code: 202, data: { _id: randomBytes(12).toString('hex'), executor: { id: EXECUTOR.id, name: EXECUTOR.name } } });
        case 'executor.queryProgress':
          return json(200, { type: 'report', status: 'succeeded', task: { _id: 'task', status: 'succeeded' }, result: EXECUTOR });
        case 'user.identity.whoami':
          return json(200, { data: { name: 'bench', nickname: 'bench' } });
        case 'executor.listAsyncTasks':
          return json(200, { data: [] });
        case 'executor.getPackage':
          return json(200, { data: { ...EXECUTOR, package: { md5: '' } } });
        default:
          return json(404, { code: 404, status: 40403, message: `unknown method ${method}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    firstRequestMs: () => first,
    uploads: () => uploads,
    clear: () => {
      first = undefined;
      uploads = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
