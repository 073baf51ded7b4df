import cluster, { type Worker } from 'node:cluster';
import { relaySiblingQuestions } from '@bazaar/service-host';

/**
 * Runs `serveInWorker` in `count` worker processes that share one listening port (node:cluster; Node 20
 * has no `reusePort`), so one service uses every core it is given. The primary only supervises: it
 * replaces a worker that dies unexpectedly (after a pause that grows while they keep dying) and, on
 * SIGINT/SIGTERM, asks every worker to drain and exits when they all have.
 * State that must be shared between workers lives outside them (PostgreSQL, Redis with REDIS_URL for the
 * gateway's rate limits); each worker's in-process counters and caches are its own, and a worker reads its
 * siblings' (the gateway's recent spans) by asking them through the primary (relaySiblingQuestions).
 */
export function runWorkers(count: number, log: (line: string) => void): void {
  let stopping = false;
  let recentDeaths = 0;
  const { workerEnv } = relaySiblingQuestions();
  const fork = () => cluster.fork({ BAZAAR_WORKER: '1', ...workerEnv });
  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (code === 2) {
      // A configuration error: every replacement would fail alike.
      log(`worker ${worker.process.pid} refused its configuration; stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 2;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(2);
      return;
    }
    recentDeaths += 1;
    const delayMs = Math.min(10_000, 250 * 2 ** (recentDeaths - 1));
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another in ${delayMs} ms`);
    setTimeout(fork, delayMs);
    setTimeout(() => {
      recentDeaths = Math.max(0, recentDeaths - 1);
    }, 60_000).unref();
  };
  cluster.on('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${signal}: stopping ${count} workers…`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  for (let i = 0; i < count; i++) fork();
}

export const isWorker = () => cluster.isWorker;
