import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { join } from 'node:path';
import type { ClusterService } from './args.js';
import type { InstanceStatus } from './supervisor.js';

/** Where a running cluster says how to reach its supervisor (readable by its owner only). */
const controlFileIn = (dataDir: string) => join(dataDir, 'cluster.json');

interface ControlFile {
  pid: number;
  url: string;
  token: string;
}

export interface ControlHandlers {
  status(): InstanceStatus[];
  restart(services: readonly ClusterService[], progress: (line: string) => void): Promise<void>;
}

/**
 * The supervisor's control channel for `cluster status` and `cluster restart`: HTTP on a loopback port,
 * with a bearer token in the control file, so only someone who can read the data folder controls it.
 */
export async function startControl(
  dataDir: string,
  handlers: ControlHandlers,
): Promise<{ close(): Promise<void> }> {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const server: Server = createServer((req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://control');
    if (req.method === 'GET' && url.pathname === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(handlers.status()));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/restart') {
      const services = url.searchParams.getAll('service') as ClusterService[];
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      handlers
        .restart(services, (line) => res.write(`${line}\n`))
        .then(
          () => res.end('done\n'),
          (error: unknown) => res.end(`failed: ${(error as Error).message}\n`),
        );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const file: ControlFile = { pid: process.pid, url: `http://127.0.0.1:${port}`, token };
  await writeFile(controlFileIn(dataDir), JSON.stringify(file), { mode: 0o600 });
  return {
    async close() {
      await rm(controlFileIn(dataDir), { force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readControlFile(dataDir: string): Promise<ControlFile | undefined> {
  let file: ControlFile;
  try {
    file = JSON.parse(await readFile(controlFileIn(dataDir), 'utf8')) as ControlFile;
    process.kill(file.pid, 0);
  } catch {
    return undefined;
  }
  return file;
}

/** A call to the running cluster's supervisor; the body is streamed to `onText` as it arrives. */
export async function callControl(
  dataDir: string,
  method: 'GET' | 'POST',
  path: string,
  onText: (text: string) => void,
): Promise<number> {
  const control = await readControlFile(dataDir);
  if (!control) throw new NoClusterError(dataDir);
  return new Promise((resolve, reject) => {
    // A connection per call: a kept-alive one could be closed by the server just as the next call reuses it.
    const req = request(`${control.url}${path}`, {
      method,
      agent: false,
      headers: { authorization: `Bearer ${control.token}` },
    });
    req.on('response', (res: IncomingMessage) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => onText(chunk));
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export class NoClusterError extends Error {
  constructor(dataDir: string) {
    super(`no running cluster found in ${dataDir} (start one with npm run cluster)`);
  }
}

/** The running cluster's instances, from its supervisor. */
export async function clusterStatus(dataDir: string): Promise<InstanceStatus[]> {
  let body = '';
  const status = await callControl(dataDir, 'GET', '/status', (text) => {
    body += text;
  });
  if (status !== 200) throw new Error(`the cluster's supervisor answered ${status}`);
  return JSON.parse(body) as InstanceStatus[];
}

/** Asks the running cluster to replace these services' instances one at a time; resolves with its report. */
export async function restartCluster(
  dataDir: string,
  services: readonly ClusterService[],
  onText: (text: string) => void = () => {},
): Promise<{ ok: boolean; report: string }> {
  let report = '';
  const query = services.map((service) => `service=${encodeURIComponent(service)}`).join('&');
  await callControl(dataDir, 'POST', `/restart?${query}`, (text) => {
    report += text;
    onText(text);
  });
  return { ok: report.trimEnd().split('\n').at(-1) === 'done', report };
}
