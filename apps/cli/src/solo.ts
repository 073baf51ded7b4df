import { createTokenVerifier, remoteKeySet } from '@bazaar/auth';
import { catalogService } from '@bazaar/catalog';
import { gatewayService } from '@bazaar/gateway';
import { identityService } from '@bazaar/identity';
import { connectTransport, type MessagingMetrics, transportSettings } from '@bazaar/messaging';
import { notificationService } from '@bazaar/notification';
import { orderingService } from '@bazaar/ordering';
import { EmbeddedCluster } from '@bazaar/postgres';
import { createLogger, type RunningService, startService } from '@bazaar/service-host';
import type { SoloConfig } from './config.js';

export interface Solo {
  /** The gateway's base URL. */
  url: string;
  services: RunningService[];
  /** postgres:// URL of the server in use (embedded or DATABASE_URL). */
  databaseServerUrl: string;
  /** 'postgres' (message store in <prefix>_bus) or 'rabbitmq' (AMQP_URL). */
  transport: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The whole system in one process: a real PostgreSQL (embedded unless DATABASE_URL is set), each service
 * on its own loopback port with its own database, and the gateway in front. Services still talk to each
 * other over HTTP, exactly as when they run as separate processes.
 */
export async function startSolo(config: SoloConfig, env: NodeJS.ProcessEnv = process.env): Promise<Solo> {
  const log = createLogger('solo', config.LOG_LEVEL);
  let cluster: EmbeddedCluster | undefined;
  let databaseServerUrl = config.DATABASE_URL;
  if (!databaseServerUrl) {
    cluster = new EmbeddedCluster({
      dataDir: config.BAZAAR_DATA_DIR,
      port: config.BAZAAR_PG_PORT,
      log: (message) => log.debug({ postgres: message }),
    });
    await cluster.start();
    databaseServerUrl = cluster.url;
    log.info({ port: cluster.port, dataDir: config.BAZAAR_DATA_DIR }, 'embedded PostgreSQL started');
  }

  const started: RunningService[] = [];
  const stopAll = async () => {
    for (const service of [...started].reverse())
      await service.stop().catch((error) => log.error({ err: error }));
    await cluster?.stop();
  };

  try {
    const transport = transportSettings({
      amqpUrl: config.AMQP_URL,
      databaseServerUrl,
      databasePrefix: config.BAZAAR_DB_PREFIX,
    });
    const common = {
      databaseServerUrl,
      databasePrefix: config.BAZAAR_DB_PREFIX,
      logLevel: config.LOG_LEVEL,
      env,
      // Each service opens its own transport connection, exactly as it would in a process of its own.
      transport: (metrics: MessagingMetrics) => connectTransport(transport, metrics),
    };
    const identity = await startService(identityService, common);
    started.push(identity);
    const tokens = createTokenVerifier({
      keys: remoteKeySet(`${identity.url}/.well-known/jwks.json`),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
    const catalog = await startService(catalogService, { ...common, tokens });
    started.push(catalog);
    const ordering = await startService(orderingService, {
      ...common,
      tokens,
      env: { ...env, CATALOG_URL: catalog.url },
    });
    started.push(ordering);
    const notification = await startService(notificationService, { ...common, tokens });
    started.push(notification);
    const gateway = await startService(gatewayService, {
      ...common,
      host: config.HOST,
      port: config.PORT,
      processMetrics: true,
      env: {
        ...env,
        IDENTITY_URL: identity.url,
        CATALOG_URL: catalog.url,
        ORDERING_URL: ordering.url,
        NOTIFICATION_URL: notification.url,
      },
    });
    started.push(gateway);
    let stopping: Promise<void> | undefined;
    return {
      url: gateway.url,
      services: started,
      databaseServerUrl,
      transport: transport.kind,
      embedded: cluster !== undefined,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
