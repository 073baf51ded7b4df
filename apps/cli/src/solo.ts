import { analyticsService } from '@bazaar/analytics';
import { createTokenVerifier, remoteKeySet } from '@bazaar/auth';
import { catalogService } from '@bazaar/catalog';
import { gatewayService } from '@bazaar/gateway';
import { identityService } from '@bazaar/identity';
import { inventoryService } from '@bazaar/inventory';
import { connectTransport, type MessagingMetrics, transportSettings } from '@bazaar/messaging';
import { notificationService } from '@bazaar/notification';
import { orderingService } from '@bazaar/ordering';
import { paymentService } from '@bazaar/payment';
import { EmbeddedCluster } from '@bazaar/postgres';
import { createLogger, type RunningService, startService } from '@bazaar/service-host';
import { shippingService } from '@bazaar/shipping';
import type { SoloConfig } from './config.js';
import { removeRuntime, writeRuntime } from './runtime-file.js';

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
    // Services reach it through its Unix socket when there is one: cheaper per statement than TCP.
    databaseServerUrl = cluster.socketUrl ?? cluster.url;
    log.info({ port: cluster.port, dataDir: config.BAZAAR_DATA_DIR }, 'embedded PostgreSQL started');
  }

  const started: RunningService[] = [];
  const stopAll = async () => {
    for (const service of [...started].reverse())
      await service.stop().catch((error) => log.error({ err: error }));
    if (cluster) await removeRuntime(config.BAZAAR_DATA_DIR);
    await cluster?.stop();
  };

  try {
    const transport = transportSettings({
      amqpUrl: config.AMQP_URL,
      databaseServerUrl,
      databasePrefix: config.BAZAAR_DB_PREFIX,
      leaseMs: config.BUS_LEASE_MS,
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
    const start = async (
      definition: Parameters<typeof startService>[0],
      extraEnv: NodeJS.ProcessEnv = {},
    ) => {
      const running = await startService(definition, { ...common, tokens, env: { ...env, ...extraEnv } });
      started.push(running);
      return running;
    };
    const catalog = await start(catalogService);
    const inventory = await start(inventoryService);
    const payment = await start(paymentService);
    const shipping = await start(shippingService);
    const ordering = await start(orderingService, { CATALOG_URL: catalog.url });
    const notification = await start(notificationService);
    const analytics = await start(analyticsService);
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
        INVENTORY_URL: inventory.url,
        PAYMENT_URL: payment.url,
        SHIPPING_URL: shipping.url,
        ANALYTICS_URL: analytics.url,
      },
    });
    started.push(gateway);
    if (cluster) {
      await writeRuntime(config.BAZAAR_DATA_DIR, {
        databaseServerUrl,
        prefix: config.BAZAAR_DB_PREFIX,
        pid: process.pid,
      });
    }
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
