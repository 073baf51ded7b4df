#!/usr/bin/env -S node --enable-source-maps
import { analyticsService } from '@bazaar/analytics';
import { createTokenVerifier, remoteKeySet } from '@bazaar/auth';
import { catalogService } from '@bazaar/catalog';
import { ConfigError, loadConfig } from '@bazaar/config';
import { gatewayService } from '@bazaar/gateway';
import { identityService } from '@bazaar/identity';
import { inventoryService } from '@bazaar/inventory';
import { connectTransport, type MessagingMetrics, transportSettings } from '@bazaar/messaging';
import { notificationService } from '@bazaar/notification';
import { orderingService } from '@bazaar/ordering';
import { paymentService } from '@bazaar/payment';
import { type ServiceDefinition, startService } from '@bazaar/service-host';
import { shippingService } from '@bazaar/shipping';
import { InvariantsConfig, ServeConfig, SoloConfig } from './config.js';
import { checkInvariants, formatInvariants } from './invariants.js';
import { readRuntime } from './runtime-file.js';
import { startSolo } from './solo.js';

const SERVICES: Record<string, ServiceDefinition> = {
  identity: identityService,
  catalog: catalogService,
  inventory: inventoryService,
  payment: paymentService,
  shipping: shippingService,
  ordering: orderingService,
  notification: notificationService,
  analytics: analyticsService,
  gateway: gatewayService,
};

const USAGE = `usage: bazaar [solo]            the whole system in one process (npm start)
       bazaar serve <service>   one service in this process: ${Object.keys(SERVICES).join(', ')}
       bazaar check-invariants  checks DESIGN.md §6 against the databases (DATABASE_URL, or the running solo system)`;

/** Stops gracefully on the first Ctrl-C or SIGTERM; a second one exits at once. */
function onShutdownSignal(stop: () => Promise<void>): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
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
    'Ctrl-C stops it; the data stays for the next start.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function serve(name: string | undefined): Promise<void> {
  const definition = name ? SERVICES[name] : undefined;
  if (!definition) throw new UsageError(`unknown service '${name ?? ''}'`);
  const config = loadConfig(ServeConfig);
  if (definition.migrationsDir && !config.DATABASE_URL) {
    throw new ConfigError([`DATABASE_URL: required to serve ${definition.name} on its own (it is not set)`]);
  }
  const needsRemoteKeys = definition !== identityService && definition !== gatewayService;
  if (needsRemoteKeys && !config.IDENTITY_URL) {
    throw new ConfigError([
      `IDENTITY_URL: required to serve ${definition.name} (tokens are checked against its JWKS)`,
    ]);
  }
  const tokens = needsRemoteKeys
    ? createTokenVerifier({
        keys: remoteKeySet(`${config.IDENTITY_URL}/.well-known/jwks.json`),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      })
    : undefined;
  const running = await startService(definition, {
    env: process.env,
    databaseServerUrl: config.DATABASE_URL,
    databasePrefix: config.BAZAAR_DB_PREFIX,
    host: config.HOST,
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    processMetrics: true,
    tokens,
    ...(definition.messaging && config.DATABASE_URL
      ? {
          transport: (metrics: MessagingMetrics) =>
            connectTransport(
              transportSettings({
                amqpUrl: config.AMQP_URL,
                databaseServerUrl: config.DATABASE_URL!,
                databasePrefix: config.BAZAAR_DB_PREFIX,
                leaseMs: config.BUS_LEASE_MS,
              }),
              metrics,
            ),
        }
      : {}),
  });
  onShutdownSignal(running.stop);
  running.context.log.info({ url: running.url }, `${definition.name} listening`);
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
  throw new UsageError(`unknown command '${command}'`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
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
