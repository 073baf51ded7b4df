import { createTokenVerifier, remoteKeySet } from '@bazaar/auth';
import { ConfigError } from '@bazaar/config';
import { BalancedPool, balancedFetch, endpointsFor } from '@bazaar/load-balancer';
import { connectTransport, type MessagingMetrics, transportSettings } from '@bazaar/messaging';
import { keyFetchGuard } from '@bazaar/resilience';
import {
  defaultLogFormat,
  type RunningService,
  type ServiceDefinition,
  startService,
} from '@bazaar/service-host';
import type { ServeConfig } from './config.js';
import { gatewayCheckingInvariants, SERVICES } from './services.js';

/** One service in this process, as an operator runs each service of a cluster; undefined for an unknown name. */
export async function serveOne(name: string, config: ServeConfig): Promise<RunningService | undefined> {
  const definition: ServiceDefinition | undefined =
    name === 'gateway' && config.DATABASE_URL
      ? gatewayCheckingInvariants(config.DATABASE_URL, config.BAZAAR_DB_PREFIX)
      : SERVICES[name as keyof typeof SERVICES];
  if (!definition) return undefined;
  if (definition.migrationsDir && !config.DATABASE_URL) {
    throw new ConfigError([`DATABASE_URL: required to serve ${definition.name} on its own (it is not set)`]);
  }
  const needsRemoteKeys = definition.name !== 'identity' && definition.name !== 'gateway';
  if (needsRemoteKeys && !config.IDENTITY_URL) {
    throw new ConfigError([
      `IDENTITY_URL: required to serve ${definition.name} (tokens are checked against its JWKS)`,
    ]);
  }
  // The keys come from any instance of identity (IDENTITY_URL may list several; a cluster's file updates it).
  const identity =
    needsRemoteKeys && config.IDENTITY_URL
      ? new BalancedPool('identity', endpointsFor('identity', config.IDENTITY_URL, process.env), {
          connections: 2,
        })
      : undefined;
  const tokens = identity
    ? createTokenVerifier({
        keys: remoteKeySet('http://identity/.well-known/jwks.json', {
          guard: keyFetchGuard(process.env),
          fetch: balancedFetch(identity),
        }),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      })
    : undefined;
  return startService(definition, {
    env: process.env,
    databaseServerUrl: config.DATABASE_URL,
    databasePrefix: config.BAZAAR_DB_PREFIX,
    host: config.HOST,
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT ?? defaultLogFormat(),
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
}
