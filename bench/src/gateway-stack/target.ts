/**
 * One proxy of the gateway-stack bench in a process of its own (child process entry), in front of the
 * trivial upstream: `node --import tsx target.ts bare|classic|gateway`.
 * Env: BENCH_PORT, BENCH_UPSTREAM_URL, BENCH_POOL_CONNECTIONS; for the gateway BENCH_GATEWAY_ENV (its
 * configuration as JSON) and BENCH_GATEWAY_WORKERS (more than 1: node:cluster workers sharing the port).
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@bazaar/auth';
import { bareProxy } from './bare-proxy.js';
import { announce, stopOnTerminate } from './child.js';
import { classicPublicKey, classicStack } from './classic-stack.js';

const kind = process.argv[2];
const port = Number(process.env.BENCH_PORT);
const upstreamUrl = process.env.BENCH_UPSTREAM_URL!;
const connections = Number(process.env.BENCH_POOL_CONNECTIONS ?? 64);
const url = `http://127.0.0.1:${port}`;

const closing = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function startGateway(): Promise<() => Promise<void>> {
  // Loaded here only: the baselines' processes carry none of the gateway's code.
  const [{ gatewayService }, { startService }] = await Promise.all([
    import('@bazaar/gateway'),
    import('@bazaar/service-host'),
  ]);
  const env = JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}') as NodeJS.ProcessEnv;
  // JSON lines on stdout (a file the bench keeps), info level: the access log writes a line per request.
  const running = await startService(gatewayService, { port, logLevel: 'info', logFormat: 'json', env });
  return () => running.stop();
}

if (kind === 'gateway' && cluster.isPrimary && Number(process.env.BENCH_GATEWAY_WORKERS ?? 1) > 1) {
  // Node 20 has no reusePort: the primary owns the socket and hands connections to the workers in turn.
  const workers = Array.from({ length: Number(process.env.BENCH_GATEWAY_WORKERS) }, () => cluster.fork());
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === workers.length) announce(url);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (listening < workers.length) {
      console.error(`gateway worker ${worker.process.pid} exited with ${code ?? signal} while starting`);
      process.exit(1);
    }
  });
  stopOnTerminate(() =>
    Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    ).then(() => {}),
  );
} else if (kind === 'gateway') {
  const stop = await startGateway();
  stopOnTerminate(stop);
  if (cluster.isPrimary) announce(url);
} else if (kind === 'bare') {
  const server = bareProxy(upstreamUrl, connections);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stopOnTerminate(closing(server));
  announce(url);
} else if (kind === 'classic') {
  const publicKey = await classicPublicKey(`${upstreamUrl}/.well-known/jwks.json`);
  const server = await classicStack({
    upstreamUrl,
    publicKey,
    issuer: DEFAULT_ISSUER,
    audience: DEFAULT_AUDIENCE,
    connections,
  }).listen(port);
  stopOnTerminate(closing(server));
  announce(url);
} else {
  throw new Error(`unknown target ${kind}: bare, classic or gateway`);
}
