// A small HTTP proxy on 127.0.0.1 for the tests: CONNECT tunnels and absolute-URI forwarding, with
// a record of every target asked for. The made-up name `hub.test` resolves to 127.0.0.1 in this proxy
// only, so a request that reaches a Hub by that name went through the proxy. For https through the
// proxy: a certificate for that name (openssl), and a TLS front to put before the local Hub.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const PROXIED_HOST = 'hub.test';

export interface TestProxy {
  url: string;
  /** host:port of every CONNECT, and the target of every forwarded request. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A small HTTP proxy on 127.0.0.1: CONNECT tunnels and absolute-URI forwarding. The made-up name
 * `hub.test` resolves to 127.0.0.1 here only, so a request that reaches it went through the proxy.
 */
export async function startProxy(): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const hostOf = (name: string) => (name === PROXIED_HOST ? '127.0.0.1' : name);
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    seen.push(target.host);
    const upstream = http.request(
      { host: hostOf(target.hostname), port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [name, port] = (req.url ?? '').split(':');
    seen.push(req.url ?? '');
    const upstream = net.connect(Number(port), hostOf(name ?? ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}


/** A certificate for PROXIED_HOST, made with openssl for one test run: `cert` is also the CA to trust. */
export async function selfSignedCert(dir: string): Promise<{ cert: string; key: string; certFile: string }> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await execFileAsync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${PROXIED_HOST}`, '-addext', `subjectAltName=DNS:${PROXIED_HOST}`],
    { timeout: 20_000 },
  );
  return { cert: await fs.readFile(certFile, 'utf8'), key: await fs.readFile(keyFile, 'utf8'), certFile };
}

/** TLS on 127.0.0.1 in front of a plain HTTP server on `port`: an https Hub, for a CONNECT tunnel to reach. */
export async function startTlsFront(port: number, tlsOptions: { cert: string; key: string }): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(tlsOptions, (secure) => {
    const plain = net.connect(port, '127.0.0.1');
    sockets.add(secure).add(plain);
    secure.pipe(plain).pipe(secure);
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
    secure.on('close', () => plain.destroy());
    plain.on('close', () => secure.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
