import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';
import { FaultlineError } from '../../core/errors.js';
import { contentSecurityPolicy } from '../html/index.js';
import { timelineScript } from '../timeline/index.js';
import { resolveInside } from './resolve-path.js';
import { folderPage, runsPage } from './runs-page.js';

// `faultline serve`: the runs listing at /, and the files of the runs folder below it, read
// only, nothing outside it. Every response carries the report's Content-Security-Policy as a
// header (a page's own <meta> policy can only add to it), so no HTML in a runs folder, ours
// or one a target wrote there, can load or run anything but the report's own script.

export interface ServeOptions {
  runsDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.edn': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let commonHeaders: Record<string, string> | undefined;

/** Headers on every answer; the policy is the report's own (its one script, by hash). */
function headers(): Record<string, string> {
  commonHeaders ??= {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': contentSecurityPolicy(timelineScript()),
  };
  return commonHeaders;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const runsDir = resolve(options.runsDir);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new FaultlineError('BAD_ARGUMENT', `--port: must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  const server = createServer((req, res) => {
    handle(runsDir, req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${err.message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new FaultlineError('BAD_ARGUMENT', `--port: ${port} is already in use on ${host}`, { cause: err }) : err),
    );
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

async function handle(runsDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'only GET and HEAD\n');
  }
  const url = req.url ?? '/';
  if (url === '/' || url.startsWith('/?')) return send(res, 200, 'text/html; charset=utf-8', await runsPage(runsDir), req.method === 'HEAD');
  const resolved = await resolveInside(runsDir, url);
  if (!resolved.ok) return send(res, resolved.status, 'text/plain; charset=utf-8', `${resolved.status}: ${resolved.reason}\n`);
  if (resolved.stats.isDirectory()) {
    if (!url.split(/[?#]/, 1)[0].endsWith('/')) {
      // Built from the checked segments, never from the raw path: "//host" would be a redirect to another host.
      res.writeHead(301, { ...headers(), Location: `/${resolved.segments.map(encodeURIComponent).join('/')}/` });
      res.end();
      return;
    }
    return send(res, 200, 'text/html; charset=utf-8', await folderPage(resolved.path, resolved.segments), req.method === 'HEAD');
  }
  if (!resolved.stats.isFile()) return send(res, 403, 'text/plain; charset=utf-8', '403: not a regular file\n');
  res.writeHead(200, {
    ...headers(),
    'Content-Type': TYPES[extname(resolved.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': resolved.stats.size,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(resolved.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, { ...headers(), 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(headOnly ? undefined : body);
}
