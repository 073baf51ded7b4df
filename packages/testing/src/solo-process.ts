import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Rate limits of the gateway high enough for suites that drive the whole system hard from one address
 * (load, chaos, fuzz, scarce stock, kill-under-load, the benches); the real defaults are in
 * apps/gateway/src/rate-limit/policy.ts and the gateway's own suite tests them.
 */
export const GENEROUS_RATE_LIMITS = JSON.stringify(
  Object.fromEntries(
    ['default', 'auth', 'login', 'login-email', 'orders'].map((policy) => [policy, { limit: 1_000_000_000 }]),
  ),
);

/**
 * Protections sized for suites that drive the whole system hard on a loaded machine (hundreds of concurrent
 * calls from one client, test files in parallel on two cores): bulkheads far above the defaults, and no
 * shedding for event-loop delay, which on a shared CI machine measures the neighbours. The resilience and
 * shedding suites set their own values and test the real defaults.
 */
export const GENEROUS_PROTECTIONS: Readonly<Record<string, string>> = {
  RATE_LIMITS: GENEROUS_RATE_LIMITS,
  UPSTREAM_POLICIES: JSON.stringify({ default: { bulkheadLimit: 4_096, bulkheadQueue: 4_096 } }),
  SHED_EVENT_LOOP_DELAY_MS: '0',
};

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SoloProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Milliseconds from spawn until /health/ready answered 200 and the banner was printed; rejects if it dies first. */
  ready(timeoutMs?: number): Promise<number>;
}

/**
 * The compiled CLI with `args` in a child process, started the way `npm start` starts it (scripts/cli.mjs:
 * rebuilt first if a source changed since the last build). The `bazaar-source` condition the test runner
 * hands its child processes is taken out of NODE_OPTIONS: compiled code imports compiled packages.
 */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...GENEROUS_PROTECTIONS, ...(options.env ?? process.env) };
  if (env.NODE_OPTIONS)
    env.NODE_OPTIONS = env.NODE_OPTIONS.replace(/--conditions[= ]bazaar-source/g, '').trim();
  return spawn(process.execPath, ['scripts/cli.mjs', ...args], { cwd: ROOT, ...options, env });
}

/** `npm start` as a user runs it: the compiled CLI's solo command in a child process. */
export function spawnSolo(options: { port: number; env?: NodeJS.ProcessEnv }): SoloProcess {
  const spawnedAt = performance.now();
  const child = spawnCli(['solo'], {
    env: { ...process.env, PORT: String(options.port), LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async ready(timeoutMs = 90_000) {
      const url = `http://127.0.0.1:${options.port}/health/ready`;
      while (performance.now() - spawnedAt < timeoutMs) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`solo exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
        try {
          // Ready means serving and done starting: the banner comes once every part is up.
          if ((await fetch(url)).status === 200 && output.includes('Bazaar is running'))
            return performance.now() - spawnedAt;
        } catch {
          // not listening yet
        }
        await sleep(25);
      }
      throw new Error(`solo was not ready within ${timeoutMs} ms:\n${output}`);
    },
  };
}
