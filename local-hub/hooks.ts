/** Test hooks over HTTP under /_hub, so that another process (the demo) can drive the Hub. */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HubError, sendError, sendJson } from './errors.js';
import { isHubApi } from './api.js';
import { checkFaults } from './faults.js';
import { checkHostileMode, setHostileMode } from './hostile.js';
import type { LocalHub } from './types.js';

export interface HookTarget extends Omit<LocalHub, 'url' | 'mirrorUrl' | 'close'> {
  /** Stored package of a version, by commit id. */
  packageFile(commitId: string): string | undefined;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      try {
        const value: unknown = text === '' ? {} : JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new HubError(400, 40001, 'the body must be a JSON object'));
      }
    });
  });
}

export async function handleHook(req: IncomingMessage, res: ServerResponse, path: string, hub: HookTarget): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`;
  try {
    switch (route) {
      case 'GET /_hub/requests':
        sendJson(res, 200, hub.requests());
        return;
      case 'GET /_hub/state':
        sendJson(res, 200, hub.state());
        return;
      case 'GET /_hub/health':
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /_hub/faults':
        hub.setFaults(checkFaults(await readJson(req)));
        sendJson(res, 200, { ok: true, faults: hub.state().faults });
        return;
      case 'POST /_hub/hostile':
        try {
          setHostileMode(checkHostileMode(await readJson(req)));
        } catch (err) {
          throw err instanceof HubError ? err : new HubError(400, 40001, (err as Error).message);
        }
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /_hub/requests/clear':
        await readJson(req);
        hub.clearRequests();
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /_hub/reset':
        await readJson(req);
        hub.reset();
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /_hub/api': {
        const { api } = await readJson(req);
        if (!isHubApi(api)) throw new HubError(400, 40001, `body must be {"api": "async" | "push" | "both"}`);
        hub.setApi(api);
        sendJson(res, 200, { ok: true, api });
        return;
      }
      case 'POST /_hub/tokens': {
        const { token, owner } = await readJson(req);
        if (typeof token !== 'string' || typeof owner !== 'string' || token === '' || owner === '') {
          throw new HubError(400, 40001, 'body must be {"token": "...", "owner": "..."}');
        }
        hub.addToken(token, owner);
        sendJson(res, 200, { ok: true });
        return;
      }
    }
    const pkg = /^\/_hub\/packages\/([0-9a-f]{24})\.zip$/.exec(path);
    if (pkg && req.method === 'GET') {
      const file = hub.packageFile(pkg[1] ?? '');
      if (!file) throw new HubError(404, 40403, 'package not found');
      res.writeHead(200, { 'content-type': 'application/zip' });
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
      return;
    }
    throw new HubError(404, 40403, `no test hook ${route}`);
  } catch (err) {
    sendError(res, err instanceof HubError ? err : new HubError(500, 50001, (err as Error).message));
  }
}
