#!/usr/bin/env -S node --enable-source-maps
import { ConfigError, loadConfig } from '@bazaar/config';
import { InvariantsConfig, ServeConfig, SoloConfig } from './config.js';
import { readRuntime } from './runtime-file.js';
import { startSolo } from './solo.js';

// The services' code (Fastify, every route, the drivers) loads on demand: solo mode starts PostgreSQL while
// it loads, and a bad configuration is reported without loading it at all.
const serviceNames = async () => Object.keys((await import('./services.js')).SERVICES).join(', ');
const usage = async () => `usage: bazaar [solo]            the whole system in one process (npm start)
       bazaar serve <service>   one service in this process: ${await serviceNames()}
       bazaar cluster [--instances ordering=2,gateway=2] [--transport postgres|rabbitmq]
                   every service in processes of its own, supervised (npm run cluster)
       bazaar cluster restart <service…|all>   replaces a running cluster's instances one at a time
       bazaar cluster status    the running cluster's instances
       bazaar check-invariants  checks DESIGN.md §6 against the databases (DATABASE_URL, or the running solo system)
       bazaar fuzz [--requests N] [--url URL] [--seed N]   fuzzes the API from /openapi.json (npm run fuzz)
       bazaar load [--rate 100] [--duration 60s] [--mix good=80,declined=10,timeout=5,aq=5] [--url URL]
                   [--buyers 20] [--deadline 30s] [--seed N]   open-loop orders against a running Bazaar (npm run load)
       bazaar chaos [--kills 3] [--restart-postgres] [--restart-broker] [--rate 30] [--duration 30s] [--seed N]
                   a solo system of its own under load, SIGKILLed and restarted; then the invariants (npm run chaos)`;

/** Stops gracefully on the first Ctrl-C or SIGTERM; a second one exits at once. */
function onShutdownSignal(
  stop: () => Promise<void>,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): void {
  let signalled = false;
  for (const signal of signals) {
    process.on(signal, () => {
      if (signalled) {
        process.stderr.write('forced exit\n');
        process.exit(130);
      }
      signalled = true;
      process.stderr.write(`\n${signal}: stopping (again to force)…\n`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

async function solo(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig(SoloConfig);
  const system = await startSolo(config);
  onShutdownSignal(system.stop);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    '',
    `Bazaar is running (solo mode, started in ${seconds} s)`,
    `  gateway      ${system.url}   ← use this one`,
    ...system.services
      .filter((service) => service.name !== 'gateway')
      .map((service) => `  ${service.name.padEnd(12)} ${service.url}   (internal)`),
    `  PostgreSQL   ${system.embedded ? `embedded, data in ${config.BAZAAR_DATA_DIR}` : 'DATABASE_URL'}`,
    `  events       ${system.transport === 'rabbitmq' ? 'RabbitMQ (AMQP_URL)' : `PostgreSQL message store (${config.BAZAAR_DB_PREFIX}_bus)`}`,
    `  AsyncAPI     ${system.url}/asyncapi.json`,
    `  API docs     ${system.url}/docs`,
    `  health       ${system.url}/health/ready`,
    ...system.services.flatMap((service) => service.notices.map((notice) => `  ${notice}`)),
    'Ctrl-C stops it; the data stays for the next start.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function serve(name: string | undefined): Promise<void> {
  const config = loadConfig(ServeConfig);
  const { isWorker, runWorkers } = await import('./workers.js');
  if (config.WORKERS > 1 && !isWorker()) {
    if (!name || !(await serviceNames()).split(', ').includes(name))
      throw new UsageError(`unknown service '${name ?? ''}'`);
    return runWorkers(config.WORKERS, (line) => process.stderr.write(`${name}: ${line}\n`));
  }
  const { serveOne } = await import('./serve.js');
  const running = name ? await serveOne(name, config) : undefined;
  if (!running) throw new UsageError(`unknown service '${name ?? ''}'`);
  if (process.env.BAZAAR_SUPERVISED === '1') {
    // The cluster's supervisor stops its instances in order with SIGTERM: a Ctrl-C that the terminal sends
    // to every process is its to handle. An instance whose supervisor is gone stops as well.
    process.on('SIGINT', () => {});
    onShutdownSignal(running.stop, ['SIGTERM']);
    process.once('disconnect', () => {
      running.stop().finally(() => process.exit(0));
    });
  } else onShutdownSignal(running.stop);
  running.context.log.info({ url: running.url }, `${running.name} listening`);
}

/** Prints each invariant with pass/fail and counts; exit code 1 on any violation. */
async function checkInvariantsCommand(): Promise<void> {
  const config = loadConfig(InvariantsConfig);
  const target = config.DATABASE_URL
    ? { databaseServerUrl: config.DATABASE_URL, prefix: config.BAZAAR_DB_PREFIX }
    : await readRuntime(config.BAZAAR_DATA_DIR);
  if (!target) {
    throw new ConfigError([
      `DATABASE_URL: not set, and no running solo system found in ${config.BAZAAR_DATA_DIR} (start one with npm start)`,
    ]);
  }
  const { checkInvariants, formatInvariants } = await import('./invariants.js');
  const results = await checkInvariants(target.databaseServerUrl, target.prefix);
  process.stdout.write(`${formatInvariants(results)}\n`);
  process.exit(results.every((result) => result.ok) ? 0 : 1);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command = 'solo', ...rest] = argv;
  if (command === 'solo') return solo();
  if (command === 'serve') return serve(rest[0]);
  if (command === 'check-invariants') return checkInvariantsCommand();
  if (command === 'cluster') {
    const code = await (await import('./cluster/command.js')).clusterCommand(rest);
    if (code !== undefined) process.exit(code);
    return;
  }
  if (command === 'fuzz') process.exit(await (await import('./fuzz/command.js')).fuzzCommand(rest));
  if (command === 'load') process.exit(await (await import('./load/command.js')).loadCommand(rest));
  if (command === 'chaos') process.exit(await (await import('./chaos/command.js')).chaosCommand(rest));
  throw new UsageError(`unknown command '${command}'`);
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof UsageError || (error instanceof Error && error.name === 'ArgsError')) {
    process.stderr.write(`${error.message}\n${await usage()}\n`);
    process.exit(2);
  }
  const { code, address, port } = error as { code?: string; address?: string; port?: number };
  if (code === 'EADDRINUSE') {
    process.stderr.write(
      `Bazaar could not start: ${address}:${port} is already in use; stop what runs there or set PORT.\n`,
    );
    process.exit(1);
  }
  process.stderr.write(
    `Bazaar could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
