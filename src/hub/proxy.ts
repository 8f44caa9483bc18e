// Which proxy a request goes through, by the environment, with the rules @actions/http-client
// applies on a runner: https_proxy (then HTTPS_PROXY) for https, http_proxy (then HTTP_PROXY) for
// http; no proxy for this machine's own names (localhost, 127.*, [::1]); no_proxy (then NO_PROXY):
// comma-separated, case-insensitive, `*` for every host, an entry matches the host or host:port
// exactly, or any subdomain of it (with or without a leading dot).

export type ProxyEnv = Record<string, string | undefined>;

/** The proxy to reach `url` through, or undefined to connect directly. */
export function proxyFor(url: URL, env: ProxyEnv = process.env): URL | undefined {
  if (bypassesProxy(url, env)) return undefined;
  const value = url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  if (!value) return undefined;
  if (/^https?:\/\//i.test(value)) return parsed(value);
  // A bare host:port (which URL would read as a scheme) is an http proxy.
  return parsed(`http://${value}`);
}

function parsed(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** True when `url` is reached directly whatever proxy is set: a loopback name, or a no_proxy match. */
export function bypassesProxy(url: URL, env: ProxyEnv = process.env): boolean {
  const host = url.hostname.toUpperCase();
  if (!host) return false;
  if (isLoopback(host)) return true;
  const list = env.no_proxy || env.NO_PROXY || '';
  if (!list) return false;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
  const names = port === undefined ? [host] : [host, `${host}:${port}`];
  for (const entry of list.split(',').map((e) => e.trim().toUpperCase())) {
    if (!entry) continue;
    if (entry === '*') return true;
    for (const name of names) {
      if (name === entry || name.endsWith(`.${entry}`) || (entry.startsWith('.') && name.endsWith(entry))) return true;
    }
  }
  return false;
}

function isLoopback(upperHost: string): boolean {
  return upperHost === 'LOCALHOST' || upperHost.startsWith('127.') || upperHost.startsWith('[::1]') || upperHost.startsWith('[0:0:0:0:0:0:0:1]');
}

/** The proxy's address without its credentials, to name it in a sentence. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
