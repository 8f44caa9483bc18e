// Hubs that answer in ways the contract allows but the local Hub does not use by default, and
// answers that are not what the contract says: the step copes, or ends with one clear sentence.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHub, type LocalHub } from '../../local-hub/server.js';
import { annotationsOf, assertNoSecretShown, executorFolder, errorsOf, logOf, runStep } from './harness.js';

const TOKEN = 'erin-token-0b7d';
let hub: LocalHub;

before(async () => {
  hub = await startHub({ tokens: { [TOKEN]: 'erin' }, buildMs: 300, streamMs: 2000 });
});
after(async () => hub.close());
beforeEach(() => hub.reset());

describe('status replies that are not what the contract says', () => {
  for (const kind of ['html', 'truncated-json', 'empty', 'garbage-line'] as const) {
    it(`a ${kind} status reply is skipped and asked again; the build still succeeds once`, async () => {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      hub.setFaults({ queryProgressGarbage: kind });
      const r = await runStep({ path: folder, token: TOKEN, registry: hub.url });
      assert.equal(r.code, 0, logOf(r));
      assert.equal(r.outputs.status, 'succeeded');
      assert.equal(hub.state().tasks.length, 1);
    });
  }
});

/**
 * A minimal Hub of another make, of the async generation: a package-less upload request answers 400
 * (so the action learns the generation), whoami names erin, getPackage knows nothing; every other
 * request (recorded in `methods`) is answered as scripted.
 */
async function scriptedHub(
  answer: (method: string, res: import('node:http').ServerResponse) => void,
  /** whoami: false answers it 404 (a Hub without it); probes: 'html' answers them with an HTML page. */
  options: { whoami?: boolean; probes?: 'contract' | 'html' } = {},
): Promise<{
  url: string;
  methods: string[];
  server: Server;
}> {
  const methods: string[] = [];
  const json = (res: import('node:http').ServerResponse, code: number, body: object) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace('/v2/rpc/', '');
    const probe = /^executor\.(createAsync|push)$/.test(method) && Number(req.headers['content-length'] ?? 0) < 256;
    if (!probe && method !== 'user.identity.whoami' && method !== 'executor.getPackage') methods.push(method);
    req.resume();
    req.on('end', () => {
      if (probe && options.probes === 'html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad Gateway</html>');
      } else if (probe && method === 'executor.createAsync') json(res, 400, { code: 400, status: 40001, message: 'no package' });
      else if (probe) json(res, 404, { code: 404, status: 40403, message: `unknown rpc method ${method}` });
      else if (method === 'user.identity.whoami' && options.whoami === false) json(res, 404, { code: 404, status: 40403, message: `unknown rpc method ${method}` });
      else if (method === 'user.identity.whoami') json(res, 200, { code: 200, data: { name: 'erin' } });
      else if (method === 'executor.getPackage') json(res, 404, { code: 404, status: 40403, message: 'not found' });
      else answer(method, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, methods, server };
}

describe('another Hub', () => {
  it('reads a pretty-printed createAsync answer, ignores non-JSON status lines, and falls back to the requested tags', async () => {
    const other = await scriptedHub((method, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (method === 'executor.createAsync') {
        res.end(JSON.stringify({ code: 202, data: { _id: 'task-77' } }, null, 2));
      } else {
        res.end(
          ': keep-alive\n' +
            '{"type":"report","status":"running","task":{"_id":"task-77"}}\n' +
            '{"type":"something-new","x":1}\n' +
            '{"type":"report","status":"succeeded","task":{"_id":"task-77"},"result":{"id":"abc12345","name":"MyEncoder","owner":{"name":"erin"}}}\n',
        );
      }
    });
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, tags: 'v9, latest', registry: other.url });
      assert.equal(r.code, 0, logOf(r));
      assert.deepEqual(other.methods, ['executor.createAsync', 'executor.queryProgress']);
      assert.equal(r.outputs['task-id'], 'task-77');
      assert.equal(r.outputs.id, 'abc12345');
      assert.deepEqual(JSON.parse(r.outputs.tags ?? 'null'), ['v9', 'latest']);
      assert.equal(r.outputs.uri, 'jinaai+docker://erin/MyEncoder:v9');
    } finally {
      other.server.close();
    }
  });

  it('masks a secret the Hub returns anywhere, before printing anything from that answer', async () => {
    const returned = 'hub-returned-s3cret-42';
    const other = await scriptedHub((method, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      if (method === 'executor.createAsync') {
        res.end(`{"code":202,"data":{"_id":"task-99","executor":{"id":"e1","name":"MyEncoder","secret":"${returned}"}}}\n`);
      } else {
        res.end(
          `{"type":"progress","data":{"sn":0,"data":{"type":"console","payload":"using secret ${returned} in the build"}}}\n` +
            `{"type":"report","status":"failed","error":{"message":"auth with ${returned} failed"}}\n`,
        );
      }
    });
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, verbose: 'true', registry: other.url });
      assert.equal(r.code, 1);
      assert.match(logOf(r), /using secret \*\*\* in the build/);
      assert.match(errorsOf(r), /the build of MyEncoder failed: auth with \*\*\* failed/);
      assertNoSecretShown(r, [returned, TOKEN]);
    } finally {
      other.server.close();
    }
  });

  it('a Hub that keeps answering status requests with an HTML page ends the step with one sentence, not a hang', async () => {
    const other = await scriptedHub((method, res) => {
      if (method === 'executor.createAsync') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end('{"code":202,"data":{"_id":"task-88"}}\n');
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Sign in to continue</body></html>\n');
      }
    });
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const started = Date.now();
      const r = await runStep({ path: folder, token: TOKEN, registry: other.url });
      assert.equal(r.code, 1);
      assert.ok(Date.now() - started < 20_000);
      assert.equal(r.outputs['task-id'], 'task-88');
      const errors = annotationsOf(r, 'error').map((a) => a.message);
      assert.equal(errors.length, 1);
      assert.match(errors[0] ?? '', /answered 3 status requests for task task-88 with nothing its API defines/);
      assert.ok(!/\n\s+at /.test(logOf(r)), 'no stack trace');
    } finally {
      other.server.close();
    }
  });

  it('a createAsync line with an error code is shown as the Hub said it, and not retried', async () => {
    const other = await scriptedHub((_method, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end('{"code":400,"status":40001,"message":"platform linux/s390x is not supported"}\n');
    });
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, registry: other.url });
      assert.equal(r.code, 1);
      assert.deepEqual(other.methods, ['executor.createAsync']);
      assert.match(errorsOf(r), /platform linux\/s390x is not supported.*session [0-9a-f-]{36}/);
    } finally {
      other.server.close();
    }
  });

  it('an async-generation Hub without whoami: createAsync, no lookup by name, and the log says why', async () => {
    let lookups = 0;
    const other = await scriptedHub(
      (method, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        if (method === 'executor.createAsync') {
          res.end('{"code":202,"data":{"_id":"task-55","executor":{"id":"e5","name":"MyEncoder"}}}\n');
        } else {
          res.end('{"type":"report","status":"succeeded","task":{"_id":"task-55"},"result":{"id":"e5","name":"MyEncoder","owner":{"name":"erin"},"commit":{"tags":["v1"]}}}\n');
        }
      },
      { whoami: false },
    );
    other.server.on('request', (req) => {
      if (req.url?.endsWith('executor.getPackage')) lookups++;
    });
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, tags: 'v1', 'protected-tags': 'v1', registry: other.url });
      assert.equal(r.code, 0, logOf(r));
      assert.deepEqual(other.methods, ['executor.createAsync', 'executor.queryProgress']);
      assert.equal(lookups, 0, 'never looked up by the bare name');
      assert.match(logOf(r), /^could not learn whose token this is \(user\.identity\.whoami: .*\): executors are not looked up by name/m);
      assert.equal(r.outputs.uri, 'jinaai+docker://erin/MyEncoder:v1');
    } finally {
      other.server.close();
    }
  });

  it('a Hub whose answers to a package-less request tell nothing: one sentence that suggests hub-api, nothing uploaded', async () => {
    const other = await scriptedHub(
      (_method, res) => {
        res.writeHead(500);
        res.end();
      },
      { probes: 'html' },
    );
    try {
      const folder = await executorFolder({ 'requirements.txt': 'numpy\n' });
      const r = await runStep({ path: folder, token: TOKEN, registry: other.url });
      assert.equal(r.code, 1);
      const errors = annotationsOf(r, 'error').map((a) => a.message);
      assert.equal(errors.length, 1, logOf(r));
      assert.match(errors[0] ?? '', /^could not tell which generation of the Hub API this Hub speaks \(executor\.createAsync without a package was answered HTTP 502\): check the registry input, or set hub-api to async or push \(session [0-9a-f-]{36}\)\.$/);
      assert.deepEqual(other.methods, [], 'nothing but the probes was sent');
    } finally {
      other.server.close();
    }
  });
});
