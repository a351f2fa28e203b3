// The /metrics endpoint: an HTTP server that serves the exposition of the newest view of a
// SnapshotStore (which the caller runs: `oro-top metrics --listen`, or the supervisor). `/` is a
// tiny page that links to it. A bad address is a usage error (64), a port in use oro-top's (70).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { SnapshotStore } from '../store.js';
import { OroTopError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { MetricsExporter } from './registry.js';

export const DEFAULT_LISTEN = '127.0.0.1:9273';

export interface ListenAddress {
  host: string;
  port: number;
}

const USAGE = 'give HOST:PORT, e.g. 127.0.0.1:9273, [::1]:9273 or :9273 (every interface)';

/** HOST:PORT, [IPv6]:PORT or :PORT (every interface); port 0 takes a free one. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : Number.NaN;
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  if (!m || port > 65_535 || (m[1] !== undefined && isIP(host) !== 6))
    throw new OroTopError('usage', `--listen: '${text.slice(0, 80)}' is not an address to listen on; ${USAGE}`);
  return { host: host === '' ? '0.0.0.0' : host, port };
}

const show = (a: ListenAddress): string => (a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`);

export interface MetricsServer {
  /** where it listens (the port the system chose when 0 was asked for) */
  address: ListenAddress;
  url: string;
  exporter: MetricsExporter;
  close(): Promise<void>;
}

export interface ServeOptions {
  perWorker: boolean | 'auto';
  onNotice?: (text: string) => void;
}

/**
 * Serves /metrics from `store` (whose views it follows from now on; the caller starts and stops
 * the store). Resolves once it listens; rejects with a usage error for an address this host does
 * not have or cannot resolve, and with an io error when the port is taken or not allowed.
 */
export async function startMetricsServer(
  store: SnapshotStore,
  listen: string | ListenAddress,
  opts: ServeOptions = { perWorker: 'auto' },
): Promise<MetricsServer> {
  const addr = typeof listen === 'string' ? parseListen(listen) : listen;
  const exporter = new MetricsExporter({
    perWorker: opts.perWorker,
    version: VERSION,
    ...(opts.onNotice ? { onNotice: opts.onNotice } : {}),
  });
  if (store.latest) exporter.update(store.latest);
  const unsubscribe = store.subscribe((v) => exporter.update(v));
  const server = createServer((req, res) => {
    handle(exporter, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`oro-top: ${(err as Error).message}\n`);
    });
  });
  try {
    await listenOn(server, addr);
  } catch (err) {
    unsubscribe();
    throw err;
  }
  const a = server.address();
  const bound = a && typeof a === 'object' ? { host: addr.host, port: a.port } : addr;
  return {
    address: bound,
    url: `http://${show(bound)}/metrics`,
    exporter,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenOn(server: Server, addr: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = show(addr);
      if (err.code === 'EADDRINUSE') reject(new OroTopError('io', `cannot listen on ${where}: the port is in use`));
      else if (err.code === 'EACCES') reject(new OroTopError('io', `cannot listen on ${where}: permission denied (a port under 1024?)`));
      else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EADDRNOTAVAIL' || err.code === 'EAI_NONAME')
        reject(new OroTopError('usage', `--listen: cannot listen on ${where}: no such address on this host (${err.code}); ${USAGE}`));
      else reject(new OroTopError('io', `cannot listen on ${where}: ${err.code ?? err.message}`));
    });
    server.listen({ host: addr.host, port: addr.port, exclusive: true }, () => resolve());
  });
}

async function handle(exporter: MetricsExporter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('GET /metrics\n');
    return;
  }
  if (path === '/metrics') {
    if (!exporter.ready) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1' });
      res.end('oro-top: the first collection is not done yet\n');
      return;
    }
    const body = await exporter.text();
    res.writeHead(200, { 'Content-Type': exporter.contentType });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  if (path === '/') {
    const notice = exporter.perWorkerNotice;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>oro-top metrics</title></head><body><h1>oro-top ${VERSION}</h1>` +
        `<p><a href="/metrics">/metrics</a>: the swarm's health in the Prometheus text format.</p>` +
        (notice ? `<p>${notice.replace(/[<>&]/g, '')}</p>` : '') +
        '</body></html>\n',
    );
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found: try /metrics\n');
}
