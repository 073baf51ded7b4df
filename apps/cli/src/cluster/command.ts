import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, redactUrl } from '@bazaar/config';
import { transportSettings } from '@bazaar/messaging';
import { EmbeddedCluster, ensureDatabases } from '@bazaar/postgres';
import { ClusterConfig } from '../config.js';
import { removeRuntime, writeRuntime } from '../runtime-file.js';
import { type ClusterArgs, type ClusterService, parseClusterArgs } from './args.js';
import { clusterStatus, NoClusterError, restartCluster, startControl } from './control.js';
import type { OutputSink } from './instance.js';
import { type InstanceStatus, Supervisor } from './supervisor.js';

/** Wide enough for `notification#2`, so every line's text starts in the same column. */
const LABEL_WIDTH = 15;
const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * `bazaar cluster …`: runs the cluster (resolves once it runs; it stops on a signal), or talks to a running
 * one. The number is the exit code of a command that is done.
 */
export async function clusterCommand(argv: readonly string[]): Promise<number | undefined> {
  const args = parseClusterArgs(argv);
  const config = loadConfig(ClusterConfig);
  try {
    if (args.command === 'status') return await printStatus(config.BAZAAR_DATA_DIR);
    if (args.command === 'restart') return await requestRestart(config.BAZAAR_DATA_DIR, args.services);
  } catch (error) {
    if (!(error instanceof NoClusterError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  await runCluster(args, config);
  return undefined;
}

async function printStatus(dataDir: string): Promise<number> {
  process.stdout.write(`${formatStatus(await clusterStatus(dataDir))}\n`);
  return 0;
}

async function requestRestart(dataDir: string, services: readonly ClusterService[]): Promise<number> {
  const { ok } = await restartCluster(dataDir, services, (text) => process.stdout.write(text));
  return ok ? 0 : 1;
}

export function formatStatus(instances: readonly InstanceStatus[]): string {
  const rows = instances.map((instance) =>
    [
      instance.label.padEnd(LABEL_WIDTH),
      (instance.url ?? 'shared gateway port').padEnd(24),
      `pid ${instance.pid ?? '-'}`.padEnd(11),
      instance.state.padEnd(9),
      `up ${instance.upSeconds} s`.padEnd(11),
      `${instance.restarts} restart${instance.restarts === 1 ? '' : 's'}`,
    ].join(' '),
  );
  return rows.join('\n');
}

async function runCluster(
  args: Extract<ClusterArgs, { command: 'run' }>,
  config: ClusterConfig,
): Promise<void> {
  const startedAt = performance.now();
  const write = (label: string, line: string) =>
    process.stdout.write(`${label.padEnd(LABEL_WIDTH)}| ${line}\n`);
  const output: OutputSink = write;
  const log = (line: string) => write('cluster', line);
  const dataDir = config.BAZAAR_DATA_DIR;
  await mkdir(dataDir, { recursive: true });

  let embedded: EmbeddedCluster | undefined;
  let databaseServerUrl = config.DATABASE_URL;
  if (!databaseServerUrl) {
    embedded = new EmbeddedCluster({ dataDir, port: config.BAZAAR_PG_PORT });
    await embedded.start();
    databaseServerUrl = embedded.socketUrl ?? embedded.url;
    log(`embedded PostgreSQL started on port ${embedded.port} (data in ${dataDir})`);
  }
  const amqpUrl =
    args.transport === 'rabbitmq'
      ? (config.AMQP_URL ?? DEFAULT_AMQP_URL)
      : args.transport === 'postgres'
        ? undefined
        : config.AMQP_URL;
  const endpointsFile = join(dataDir, 'endpoints.json');
  const [{ SERVICES }, { databaseNameFor }] = await Promise.all([
    import('../services.js'),
    import('@bazaar/service-host'),
  ]);
  const transport = transportSettings({
    amqpUrl,
    databaseServerUrl,
    databasePrefix: config.BAZAAR_DB_PREFIX,
    leaseMs: config.BUS_LEASE_MS,
  });
  const supervisor = new Supervisor({
    instances: args.instances,
    env: {
      ...process.env,
      DATABASE_URL: databaseServerUrl,
      AMQP_URL: amqpUrl ?? '',
      BAZAAR_DB_PREFIX: config.BAZAAR_DB_PREFIX,
      LOG_LEVEL: config.LOG_LEVEL,
      LOG_FORMAT: config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    },
    host: config.HOST,
    port: config.PORT,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    endpointsFile,
    log,
    output,
  });
  let control: Awaited<ReturnType<typeof startControl>> | undefined;
  const cleanUp = async () => {
    await control?.close();
    await rm(endpointsFile, { force: true });
    if (embedded) {
      await removeRuntime(dataDir);
      await embedded.stop();
    }
  };
  try {
    await ensureDatabases(databaseServerUrl, [
      ...Object.values(SERVICES)
        .filter((definition) => definition.migrationsDir)
        .map((definition) => databaseNameFor(config.BAZAAR_DB_PREFIX, definition.name)),
      ...(transport.kind === 'postgres' ? [transport.database] : []),
    ]);
    await supervisor.start();
    control = await startControl(dataDir, {
      status: () => supervisor.status(),
      restart: (services, progress) =>
        supervisor.restart(services, (line) => {
          log(line);
          progress(line);
        }),
    });
    if (embedded)
      await writeRuntime(dataDir, { databaseServerUrl, prefix: config.BAZAAR_DB_PREFIX, pid: process.pid });
  } catch (error) {
    await supervisor.stop();
    await cleanUp();
    throw error;
  }

  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (signalled) {
        log('forced exit');
        supervisor.kill();
        process.exit(130);
      }
      signalled = true;
      log(`${signal}: draining and stopping every instance (again to force)…`);
      supervisor
        .stop()
        .then(cleanUp)
        .then(
          () => {
            log('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            log(`shutdown failed: ${String(error)}`);
            process.exit(1);
          },
        );
    });
  process.on('SIGHUP', () => {
    log('SIGHUP: rolling restart of every service');
    supervisor.restart(Object.keys(args.instances) as ClusterService[], log).then(
      () => log('rolling restart done'),
      (error: unknown) => log(`rolling restart failed: ${(error as Error).message}`),
    );
  });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const gateway = `http://${config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `Bazaar is running (cluster, started in ${seconds} s)`,
    `  gateway       ${gateway}   ← use this one (${args.instances.gateway} instance${args.instances.gateway === 1 ? '' : 's'} on one port)`,
    formatStatus(supervisor.status()).replace(/^/gm, '  '),
    `  PostgreSQL    ${embedded ? `embedded, data in ${dataDir}` : redactUrl(databaseServerUrl)}`,
    `  events        ${amqpUrl ? `RabbitMQ ${redactUrl(amqpUrl)}` : `PostgreSQL message store (${config.BAZAAR_DB_PREFIX}_bus)`}`,
    `  endpoints     ${endpointsFile} (the gateway and ordering follow it)`,
    `  status        npm run cluster -- status`,
    `  restart       npm run cluster -- restart <service…|all>   (or kill -HUP ${process.pid} for all)`,
    'Ctrl-C drains and stops every instance; the data stays for the next start.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
