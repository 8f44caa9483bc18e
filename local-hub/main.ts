/**
 * CLI: tsx local-hub/main.ts [--port N] [--host 127.0.0.1] [--token TOKEN=OWNER ...]
 *                            [--build-ms N] [--stream-ms N] [--data-dir DIR] [--api async|push|both]
 * `--api` picks the generation of the Hub API it speaks (default both; see local-hub/api.ts).
 * Prints `local-hub listening on <url>` once ready, then `local-hub mirror on <url>` (the same Hub on
 * another origin, the target of redirect faults); stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { HUB_APIS, isHubApi } from './api.js';
import { startHub } from './server.js';
import type { HubOptions } from './types.js';

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

function parseOptions(argv: string[]): HubOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string', multiple: true },
      'build-ms': { type: 'string' },
      'stream-ms': { type: 'string' },
      'data-dir': { type: 'string' },
      api: { type: 'string' },
    },
    strict: true,
  });
  const options: HubOptions = {};
  const port = intOption('port', values.port);
  if (port !== undefined) options.port = port;
  if (values.host !== undefined) options.host = values.host;
  const buildMs = intOption('build-ms', values['build-ms']);
  if (buildMs !== undefined) options.buildMs = buildMs;
  const streamMs = intOption('stream-ms', values['stream-ms']);
  if (streamMs !== undefined) options.streamMs = streamMs;
  if (values['data-dir'] !== undefined) options.dataDir = values['data-dir'];
  if (values.api !== undefined) {
    if (!isHubApi(values.api)) throw new Error(`--api must be one of ${HUB_APIS.join(', ')}, got ${values.api}`);
    options.api = values.api;
  }
  if (values.token !== undefined) {
    const tokens: Record<string, string> = {};
    for (const pair of values.token) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) throw new Error(`--token must be TOKEN=OWNER, got ${pair}`);
      tokens[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    options.tokens = tokens;
  }
  return options;
}

async function main(): Promise<void> {
  let options: HubOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`local-hub: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const hub = await startHub(options);
  process.stdout.write(
    `local-hub listening on ${hub.url}\nlocal-hub mirror on ${hub.mirrorUrl}\nlocal-hub api ${hub.state().api}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    hub.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`local-hub: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`local-hub: ${(err as Error).message}\n`);
  process.exit(1);
});
