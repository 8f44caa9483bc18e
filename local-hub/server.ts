/** The local Executor Hub: an HTTP server speaking the Hub API of /work/shared/hub-api.md. */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drain, readBody, removeFile } from './body.js';
import type { ParsedBody } from './body.js';
import { BuildRunner } from './builds.js';
import { HubError, sendError } from './errors.js';
import { handleHook } from './hooks.js';
import type { HookTarget } from './hooks.js';
import { HANDLERS, UPLOAD_METHODS } from './rpc.js';
import type { RpcContext } from './rpc.js';
import { HubState } from './state.js';
import { StreamRegistry } from './streams.js';
import type { Faults, HubOptions, LocalHub, RecordedRequest } from './types.js';

export type * from './types.js';

const RPC_PREFIX = '/v2/rpc/';

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export async function startHub(options: HubOptions = {}): Promise<LocalHub> {
  const host = options.host ?? '127.0.0.1';
  const streamMs = options.streamMs ?? 10000;
  const autoDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'local-hub-'));
  await mkdir(dataDir, { recursive: true });

  const state = new HubState(options.tokens ?? { 'demo-token': 'demo' });
  const runner = new BuildRunner(state, options.buildMs ?? 1500);
  const streams = new StreamRegistry();
  const sockets = new Set<Socket>();
  let hubUrl = '';

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
    packageFile: (commitId: string) => {
      for (const e of state.executors.values()) {
        const v = e.versions.find((x) => x.commitId === commitId);
        if (v) return v.filePath;
      }
      return undefined;
    },
  };

  async function handleRpc(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const record: RecordedRequest = { method, headers: recordHeaders(req), fields: {}, status: 0, at: Date.now() };
    state.requests.push(record);
    const finish = (): void => {
      record.status = res.headersSent ? res.statusCode : 0;
    };
    res.on('close', finish);
    const handler = HANDLERS.get(method);
    if (req.method !== 'POST' || !handler) {
      await drain(req);
      const err =
        req.method !== 'POST'
          ? new HubError(405, 40501, `method ${req.method ?? ''} not allowed: use POST`)
          : new HubError(404, 40403, `unknown rpc method ${method}`);
      sendError(res, err);
      finish();
      return;
    }
    const fault = UPLOAD_METHODS.has(method) ? state.takeUploadFault() : null;
    if (fault?.mode === 'stall') return; // read nothing more, never answer; close() destroys the socket
    if (fault?.mode === 'reset') {
      const total = Number(req.headers['content-length'] ?? 0);
      const threshold = total > 0 ? Math.max(1, Math.floor(total / 2)) : 1;
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= threshold) req.socket.destroy();
      });
    }
    const body: ParsedBody = { fields: {} };
    const syncRecord = (): void => {
      record.fields = { ...body.fields };
      if (body.file) record.file = { name: body.file.name, size: body.file.size, md5: body.file.md5 };
    };
    const ctx: RpcContext = { req, res, body, state, runner, streams, hubUrl, streamMs, keepFile: false };
    try {
      await readBody(req, body, dataDir);
      syncRecord();
      if (fault) {
        const status = fault.status ?? 503;
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
        throw new HubError(status, 50001, `injected upload failure (HTTP ${status})`, undefined, headers);
      }
      await handler(ctx);
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

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname.replace(/\/{2,}/g, '/');
    const done = (err?: unknown): void => {
      if (err === undefined) return;
      if (!res.headersSent) sendError(res, new HubError(500, 50001, (err as Error).message));
      else res.destroy();
    };
    if (path.startsWith(RPC_PREFIX)) {
      handleRpc(req, res, decodeURIComponent(path.slice(RPC_PREFIX.length)).replace(/\/$/, '')).then(() => done(), done);
    } else if (path.startsWith('/_hub/')) {
      handleHook(req, res, path, hooks).then(() => done(), done);
    } else {
      void drain(req).then(() =>
        sendError(res, new HubError(404, 40403, `not found: ${path}; the Hub API lives under ${RPC_PREFIX}`)),
      );
    }
  });
  server.requestTimeout = 0; // long uploads and stalled requests are ended by close(), not by Node
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket: Socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  hubUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      runner.stopAll();
      streams.endAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      if (autoDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url: hubUrl,
    close,
    requests: hooks.requests,
    state: hooks.state,
    setFaults: hooks.setFaults,
    reset: hooks.reset,
    clearRequests: hooks.clearRequests,
    addToken: hooks.addToken,
  };
}
