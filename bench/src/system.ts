import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENEROUS_RATE_LIMITS } from '@bazaar/testing';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SystemProcess {
  url: string;
  child: ChildProcess;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s system (solo mode: every service and the gateway in one process) in a child process,
 * so the load generator in this process never shares its event loop. Runs what `npm start` runs
 * (scripts/cli.mjs: the compiled CLI, rebuilt when stale); a checkout without it runs its sources. `BENCH_SYSTEM_ROOT` points at another checkout (to measure an
 * older commit with this benchmark).
 */
export async function startSystem(options: { port: number; env: NodeJS.ProcessEnv }): Promise<SystemProcess> {
  const root = process.env.BENCH_SYSTEM_ROOT || REPO_ROOT;
  // `npm start`'s own entry (builds what is stale, then runs the compiled CLI); older checkouts ran sources.
  const entry = `${root}/scripts/cli.mjs`;
  const args = existsSync(entry)
    ? [entry, 'solo']
    : ['--conditions=bazaar-source', '--import', 'tsx', `${root}/apps/cli/src/main.ts`, 'solo'];
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SYSTEM_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...args],
    {
      cwd: root,
      env: {
        // The bench drives the system far above a real deployment's per-user limits.
        RATE_LIMITS: GENEROUS_RATE_LIMITS,
        ...process.env,
        ...options.env,
        PORT: String(options.port),
        LOG_LEVEL: options.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the system exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    if (output.includes('Bazaar is running')) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the system did not start within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
