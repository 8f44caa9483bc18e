/** The local Executor Hub: an HTTP server speaking the Hub API of /work/shared/hub-api.md. */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeApi, methodsOf } from './api.js';
import type { HubApi } from './api.js';
import { drain, readBody, removeFile } from './body.js';
import type { ParsedBody } from './body.js';
import { BuildRunner } from './builds.js';
import { errors, HubError, sendError } from './errors.js';
import { answerUploadStep, cancellableDelay, describeUploadStep, resetAfter, runUpload, stallUpload } from './faults.js';
import { handleHook } from './hooks.js';
import type { HookTarget } from './hooks.js';
import { HANDLERS, UPLOAD_METHODS } from './rpc.js';
import type { RpcContext } from './rpc.js';
import { HubState } from './state.js';
import { StreamRegistry } from './streams.js';
import type { Faults, HubOptions, ListenerName, LocalHub, RecordedRequest } from './types.js';

export type * from './types.js';

const RPC_PREFIX = '/v2/rpc/';

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

interface Listener {
  name: ListenerName;
  url: string;
}

/** Counts the body bytes read; attach in the same tick as the reader (it puts the request in flowing mode). */
function countBytes(req: IncomingMessage, record: RecordedRequest): void {
  req.on('data', (chunk: Buffer) => {
    record.bytesReceived += chunk.length;
  });
}

/** A body this small cannot hold a package: a probe (see hub-api.md), which no upload fault applies to. */
const PROBE_MAX_BYTES = 256;

function tooSmallForAPackage(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length === undefined) return req.headers['transfer-encoding'] === undefined;
  return Number(length) <= PROBE_MAX_BYTES;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

export async function startHub(options: HubOptions = {}): Promise<LocalHub> {
  const host = options.host ?? '127.0.0.1';
  const streamMs = options.streamMs ?? 10000;
  const autoDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'local-hub-'));
  await mkdir(dataDir, { recursive: true });

  const state = new HubState(options.tokens ?? { 'demo-token': 'demo' }, options.api ?? 'both');
  const runner = new BuildRunner(state, options.buildMs ?? 1500);
  const streams = new StreamRegistry();
  const sockets = new Set<Socket>();
  const main: Listener = { name: 'main', url: '' };
  const mirror: Listener = { name: 'mirror', url: '' };

  const hooks: HookTarget = {
    requests: () => structuredClone(state.requests),
    state: () => state.snapshot(),
    setFaults: (f: Faults) => state.setFaults(f),
    reset: () => {
      runner.stopAll();
      streams.endAll();
      state.clear();
    },
    clearRequests: () => {
      state.requests = [];
    },
    addToken: (token: string, owner: string) => {
      state.tokens.set(token, owner);
    },
    setApi: (api: HubApi) => {
      state.api = api;
    },
    packageFile: (commitId: string) => {
      for (const e of state.executors.values()) {
        const v = e.versions.find((x) => x.commitId === commitId);
        if (v) return v.filePath;
      }
      return undefined;
    },
  };

  async function handleRpc(req: IncomingMessage, res: ServerResponse, method: string, listener: Listener): Promise<void> {
    const headers = recordHeaders(req);
    const handler = methodsOf(state.api).has(method) ? HANDLERS.get(method) : undefined;
    const upload = handler !== undefined && UPLOAD_METHODS.has(method);
    const record: RecordedRequest = {
      method,
      headers,
      fields: {},
      status: 0,
      at: Date.now(),
      listener: listener.name,
      origin: listener.url,
      authorization: headers['authorization'] !== undefined,
      idempotencyKey: headers['idempotency-key'] ?? null,
      upload,
      probe: false,
      fault: null,
      bytesReceived: 0,
    };
    state.requests.push(record);
    const finish = (): void => {
      record.status = res.headersSent ? res.statusCode : 0;
    };
    res.on('close', finish);
    if (req.method !== 'POST' || !handler) {
      countBytes(req, record);
      await drain(req);
      const err =
        req.method !== 'POST'
          ? new HubError(405, 40501, `method ${req.method ?? ''} not allowed: use POST`)
          : new HubError(404, 40403, `unknown rpc method ${method}: ${describeApi(state.api)}`);
      sendError(res, err);
      finish();
      return;
    }
    const step = upload && !tooSmallForAPackage(req) ? state.takeUploadStep() : null;
    if (step) record.fault = describeUploadStep(step);
    if (step?.mode === 'stall') {
      stallUpload(req, record, step.afterBytes ?? 0, streams); // never answered; close()/reset() destroy the socket
      return;
    }
    if (step?.mode === 'reset') {
      const total = Number(req.headers['content-length'] ?? 0);
      const afterBytes = step.afterBytes ?? (total > 0 ? Math.max(1, Math.floor(total / 2)) : 1);
      resetAfter(req, afterBytes);
      if (afterBytes <= 0) return;
    }
    const body: ParsedBody = { fields: {} };
    const syncRecord = (): void => {
      record.fields = { ...body.fields };
      if (body.file) record.file = { name: body.file.name, size: body.file.size, md5: body.file.md5 };
    };
    const ctx: RpcContext = { req, res, body, state, runner, streams, hubUrl: listener.url, streamMs, record, keepFile: false };
    try {
      countBytes(req, record);
      await readBody(req, body, dataDir);
      syncRecord();
      if (upload && !body.file) {
        record.upload = false;
        record.probe = true;
      }
      if (step) {
        const other = listener.name === 'main' ? mirror.url : main.url;
        if (answerUploadStep(req, res, step, { self: listener.url, other })) return;
        if (step.mode === 'slow-answer' && !(await cancellableDelay(step.delayMs, streams))) return;
      }
      if (record.probe) {
        // No package: answered before any other check, so that a client can learn which methods this Hub has.
        throw errors.badParam(`${method} needs a package: the multipart form has no file part`);
      }
      await runUpload(req, res, step, () => handler(ctx));
    } catch (err) {
      syncRecord();
      if (!res.headersSent && !res.destroyed && !req.socket.destroyed) {
        sendError(res, err instanceof HubError ? err : new HubError(500, 50001, (err as Error).message));
      } else if (!(err instanceof HubError) && !req.socket.destroyed) {
        res.destroy();
      }
    } finally {
      if (!ctx.keepFile) await removeFile(body.file).catch(() => undefined);
      finish();
    }
  }

  const handle =
    (listener: Listener) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const path = new URL(req.url ?? '/', 'http://hub').pathname.replace(/\/{2,}/g, '/');
      const done = (err?: unknown): void => {
        if (err === undefined) return;
        if (!res.headersSent) sendError(res, new HubError(500, 50001, (err as Error).message));
        else res.destroy();
      };
      if (path.startsWith(RPC_PREFIX)) {
        const method = decodeURIComponent(path.slice(RPC_PREFIX.length)).replace(/\/$/, '');
        handleRpc(req, res, method, listener).then(() => done(), done);
      } else if (path.startsWith('/_hub/')) {
        handleHook(req, res, path, hooks).then(() => done(), done);
      } else {
        void drain(req).then(() =>
          sendError(res, new HubError(404, 40403, `not found: ${path}; the Hub API lives under ${RPC_PREFIX}`)),
        );
      }
    };
  const servers: Server[] = [];
  for (const listener of [main, mirror]) {
    const server = createServer(handle(listener));
    server.requestTimeout = 0; // long uploads and stalled requests are ended by close(), not by Node
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.on('clientError', (_err, socket: Socket) => socket.destroy());
    servers.push(server);
  }
  const [mainServer, mirrorServer] = servers as [Server, Server];
  try {
    main.url = await listen(mainServer, options.port ?? 0, host);
    mirror.url = await listen(mirrorServer, 0, host);
  } catch (err) {
    for (const server of servers) server.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      runner.stopAll();
      streams.endAll();
      const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      for (const server of servers) server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
      if (autoDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url: main.url,
    mirrorUrl: mirror.url,
    close,
    requests: hooks.requests,
    state: hooks.state,
    setFaults: hooks.setFaults,
    reset: hooks.reset,
    clearRequests: hooks.clearRequests,
    addToken: hooks.addToken,
    setApi: hooks.setApi,
  };
}
