import type { TokenVerifierOptions } from '@bazaar/auth';
import type { MessagingMetrics } from '@bazaar/messaging';
import { EmbeddedCluster, ensureDatabases } from '@bazaar/postgres';
import type { createLogger, RunningService, ServiceDefinition } from '@bazaar/service-host';
import type { SoloConfig } from './config.js';
import { portOutsideEphemeralRange } from './ports.js';
import { removeRuntime, writeRuntime } from './runtime-file.js';

/** The code solo mode runs; loaded while PostgreSQL starts (a second core does the one, the first the other). */
const loadSystem = async () => {
  const [{ SERVICES, gatewayCheckingInvariants }, host, auth, messaging, resilience] = await Promise.all([
    import('./services.js'),
    import('@bazaar/service-host'),
    import('@bazaar/auth'),
    import('@bazaar/messaging'),
    import('@bazaar/resilience'),
  ]);
  return { SERVICES, gatewayCheckingInvariants, host, auth, messaging, resilience };
};

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
  // Loading the services' code keeps this thread busy for a few hundred milliseconds, so it begins once
  // embedded PostgreSQL (or initdb) runs in its own process, on the other core: their first output says
  // so. The lines logged before the logger exists are kept until it does.
  let loading: ReturnType<typeof loadSystem> | undefined;
  const load = () => {
    loading ??= loadSystem();
    return loading;
  };
  let log: ReturnType<typeof createLogger> | undefined;
  const early: string[] = [];
  let cluster: EmbeddedCluster | undefined;
  let databaseServerUrl = config.DATABASE_URL;
  if (!databaseServerUrl) {
    cluster = new EmbeddedCluster({
      dataDir: config.BAZAAR_DATA_DIR,
      port: config.BAZAAR_PG_PORT,
      log: (message) => {
        if (log) log.debug({ postgres: message });
        else early.push(message);
      },
      onProcessOutput: () => void load().catch(() => {}), // a failed load is reported where awaited
    });
    await cluster.start();
    try {
      await load();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    // Services reach it through its Unix socket when there is one: cheaper per statement than TCP.
    databaseServerUrl = cluster.socketUrl ?? cluster.url;
  }
  const { SERVICES, gatewayCheckingInvariants, host, auth, messaging, resilience } = await load();
  const logFormat = config.LOG_FORMAT ?? host.defaultLogFormat();
  log = host.createLogger('solo', config.LOG_LEVEL, logFormat);
  for (const message of early.splice(0)) log.debug({ postgres: message });
  if (cluster)
    log.info({ port: cluster.port, dataDir: config.BAZAAR_DATA_DIR }, 'embedded PostgreSQL started');

  const started: RunningService[] = [];
  const stopAll = async () => {
    for (const service of [...started].reverse())
      await service.stop().catch((error) => log.error({ err: error }));
    if (cluster) await removeRuntime(config.BAZAAR_DATA_DIR);
    await cluster?.stop();
  };

  try {
    const transport = messaging.transportSettings({
      amqpUrl: config.AMQP_URL,
      databaseServerUrl,
      databasePrefix: config.BAZAAR_DB_PREFIX,
      leaseMs: config.BUS_LEASE_MS,
    });
    // Every database at once, instead of a connection and a check per service.
    await ensureDatabases(databaseServerUrl, [
      ...Object.values(SERVICES)
        .filter((definition: ServiceDefinition) => definition.migrationsDir)
        .map((definition) => host.databaseNameFor(config.BAZAAR_DB_PREFIX, definition.name)),
      ...(transport.kind === 'postgres' ? [transport.database] : []),
    ]);
    const common = {
      databaseServerUrl,
      databasePrefix: config.BAZAAR_DB_PREFIX,
      logLevel: config.LOG_LEVEL,
      logFormat,
      env,
      // Each service opens its own transport connection, exactly as it would in a process of its own.
      transport: (metrics: MessagingMetrics) => messaging.connectTransport(transport, metrics),
    };

    // The services start side by side (most of a start is waiting for the database). Only URLs tie them
    // together: ordering needs catalog's, the gateway everyone's (it starts last), and tokens are checked
    // against identity's keys, which the verifier fetches on the first token, after identity has started.
    // Catalog's port is chosen up front, so ordering (the slowest to start) need not wait for it.
    const catalogPort = await portOutsideEphemeralRange();
    const identity = host.startService(SERVICES.identity, common);
    const keyGuard = resilience.keyFetchGuard(env);
    const identityKeys = identity.then(({ url }) =>
      auth.remoteKeySet(`${url}/.well-known/jwks.json`, { guard: keyGuard }),
    );
    identityKeys.catch(() => {}); // identity's own failure is reported below
    const keys: TokenVerifierOptions['keys'] = async (header, token) => (await identityKeys)(header, token);
    const tokens = auth.createTokenVerifier({
      keys,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
    const start = (definition: ServiceDefinition, extraEnv: NodeJS.ProcessEnv = {}, port = 0) =>
      host.startService(definition, { ...common, tokens, port, env: { ...env, ...extraEnv } });
    const catalog = start(SERVICES.catalog, {}, catalogPort);
    const backends = {
      identity,
      catalog,
      inventory: start(SERVICES.inventory),
      payment: start(SERVICES.payment),
      shipping: start(SERVICES.shipping),
      ordering: start(SERVICES.ordering, { CATALOG_URL: `http://127.0.0.1:${catalogPort}` }),
      notification: start(SERVICES.notification),
      analytics: start(SERVICES.analytics),
    };
    // In this order, for the banner and for stopping in reverse; a failure waits until the others have
    // started, so that everything started is stopped again.
    const outcomes = await Promise.allSettled(Object.values(backends));
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') started.push(outcome.value);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const url = async (service: Promise<RunningService>) => (await service).url;
    const gatewayService = gatewayCheckingInvariants(databaseServerUrl, config.BAZAAR_DB_PREFIX);
    const gateway = await host.startService(gatewayService, {
      ...common,
      host: config.HOST,
      port: config.PORT,
      processMetrics: true,
      env: {
        ...env,
        IDENTITY_URL: await url(backends.identity),
        CATALOG_URL: await url(backends.catalog),
        ORDERING_URL: await url(backends.ordering),
        NOTIFICATION_URL: await url(backends.notification),
        INVENTORY_URL: await url(backends.inventory),
        PAYMENT_URL: await url(backends.payment),
        SHIPPING_URL: await url(backends.shipping),
        ANALYTICS_URL: await url(backends.analytics),
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
