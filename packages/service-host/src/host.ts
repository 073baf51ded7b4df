import type { TokenVerifier } from '@bazaar/auth';
import { installInbox, installOutbox, type MessagingMetrics, type Transport } from '@bazaar/messaging';
import {
  createPool,
  databaseUrlFor,
  ensureDatabase,
  loadMigrations,
  migrate,
  type Pool,
} from '@bazaar/postgres';
import { context, createServiceTracing, ROOT_CONTEXT, type ServiceTracing } from '@bazaar/tracing';
import type { LevelWithSilent } from 'pino';
import { createAuthenticator, createServiceApp } from './create-service-app.js';
import type { Authenticator, ServiceApp, ServiceContext, ServiceDefinition } from './define-service.js';
import { faultAdminRoutes, registerFaultHook } from './fault-admin.js';
import { createFaultInjector, type FaultInjector, faultsEnabled } from './faults.js';
import { databaseCheck, type HealthState, type ReadinessCheck } from './health.js';
import { registerLoadShedding, sheddingConfig } from './load-shedding.js';
import { createLogger, type LogFormat } from './logger.js';
import { createServiceMessaging, type MessagingRuntime } from './messaging.js';
import { messagingAdminRoutes } from './messaging-admin.js';
import { shutdownDrainMs } from './shutdown.js';
import { siblingWorkers } from './sibling-workers.js';
import { traceAdminRoutes } from './trace-admin.js';

export interface StartServiceOptions {
  /** A PostgreSQL server URL (any database on it); the service's own database is created beside it. */
  databaseServerUrl?: string;
  /** Database names are `<prefix>_<service>`, so several systems (or test runs) can share one server. */
  databasePrefix?: string;
  host?: string;
  /** 0 lets the OS choose, which solo mode and tests use. */
  port?: number;
  logLevel?: LevelWithSilent;
  /** JSON lines (default) or readable lines for a terminal. */
  logFormat?: LogFormat;
  poolSize?: number;
  /** The verifier for services that do not bring their own (see ServiceDefinition.createTokenVerifier). */
  tokens?: TokenVerifier;
  processMetrics?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * Opens this service's own transport (as a separate process would). Without it a service with messaging
   * still writes its outbox, but nothing is relayed and its consumers do not run.
   */
  transport?: (metrics: MessagingMetrics) => Promise<Transport>;
}

export interface RunningService {
  name: string;
  /** http://host:port of the listening server. */
  url: string;
  app: ServiceApp;
  context: ServiceContext;
  auth: Authenticator;
  /** The service's messaging runtime, when it declared messaging. */
  messaging: MessagingRuntime | undefined;
  /** Lines the service asked to show to whoever started it (e.g. a generated admin password). */
  notices: readonly string[];
  /**
   * Graceful: readiness turns 503 and responses say `Connection: close`; the instance keeps serving for
   * SHUTDOWN_DRAIN_MS (so balancers and health checks notice), then in-flight requests finish, hooks run,
   * the pool closes.
   */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;

export function databaseNameFor(prefix: string, service: string): string {
  return `${prefix}_${service.replace(/-/g, '_')}`;
}

/**
 * Creates (if needed) and migrates the service's database, wires its routes and starts listening. All of
 * it runs as the service's traced work: whatever it starts (its server, relay, consumers, timers) records
 * spans with the service's own tracer, also beside other services in one process.
 */
export async function startService(
  definition: ServiceDefinition,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const tracing = createServiceTracing(definition.name, options.env ?? process.env);
  return context.with(tracing.bind(ROOT_CONTEXT), () => startTracedService(definition, options, tracing));
}

async function startTracedService(
  definition: ServiceDefinition,
  options: StartServiceOptions,
  tracing: ServiceTracing,
): Promise<RunningService> {
  const log = createLogger(definition.name, options.logLevel ?? 'info', options.logFormat);
  const state: HealthState = { started: false, stopping: false };
  let db: Pool | undefined;
  let app: ServiceApp | undefined;
  let messaging: MessagingRuntime | undefined;
  const dependencies: ReadinessCheck[] = [];
  const env = options.env ?? process.env;
  const shedding = sheddingConfig(env); // a bad value stops the start before any work
  const withFaults = faultsEnabled(env);
  const drainMs = shutdownDrainMs(env);

  try {
    if (definition.migrationsDir) {
      if (!options.databaseServerUrl)
        throw new Error(`service ${definition.name} needs a database server URL`);
      const database = databaseNameFor(options.databasePrefix ?? 'bazaar', definition.name);
      await ensureDatabase(options.databaseServerUrl, database);
      db = createPool(databaseUrlFor(options.databaseServerUrl, database), {
        max: options.poolSize ?? 10,
        applicationName: `bazaar-${definition.name}`,
      });
      const { applied } = await migrate(db, await loadMigrations(definition.migrationsDir));
      if (applied.length > 0) log.info({ database, applied }, 'migrations applied');
      if (definition.messaging) {
        await installOutbox(db);
        await installInbox(db);
      }
    }
    if (definition.messaging && !db)
      throw new Error(`service ${definition.name}: messaging needs migrationsDir`);

    const readiness = db ? [databaseCheck(db)] : [];
    const created = await createServiceApp({
      name: definition.name,
      description: definition.description,
      logger: log,
      bodyLimit: definition.bodyLimit,
      processMetrics: options.processMetrics ?? false,
      openApi: definition.openApi ?? 'own',
      readiness,
      dependencies,
      state,
      tracing,
    });
    app = created.app;
    // Before any route: a request shed for overload costs the service nothing else.
    const loadShedding = await registerLoadShedding(app, shedding, created.metrics);
    readiness.push(loadShedding.readiness);
    // Only when enabled: a deployment without FAULTS_ENABLED has no hook and no wrapper at all.
    let faults: FaultInjector | undefined;
    if (withFaults) {
      faults = createFaultInjector({ service: definition.name, metrics: created.metrics });
      registerFaultHook(app, faults);
      readiness.push(faults.readiness);
    }
    if (definition.messaging && db) {
      messaging = createServiceMessaging({
        service: definition.name,
        db,
        contract: definition.messaging,
        log: app.log,
        metrics: created.metrics,
        faults,
      });
    }
    const context: ServiceContext = {
      name: definition.name,
      db,
      log: app.log,
      metrics: created.metrics,
      env,
      logging: { level: options.logLevel ?? 'info', format: options.logFormat ?? 'json' },
      messaging,
      loadShedding,
      tracing,
      siblingWorkers: siblingWorkers(),
    };
    const runtime = await definition.start(context);
    dependencies.push(...(runtime.dependencies ?? []));
    readiness.push(...(runtime.readiness ?? []));
    const tokens = runtime.tokens ?? options.tokens;
    if (!tokens) throw new Error(`service ${definition.name} needs a token verifier`);
    const authenticator = createAuthenticator(tokens);
    await runtime.routes(app, authenticator);
    if (messaging && db) messagingAdminRoutes(app, authenticator, definition.name, db, messaging);
    faultAdminRoutes(app, authenticator, definition.name, faults);
    traceAdminRoutes(app, authenticator, tracing);
    if (messaging && options.transport) await messaging.start(options.transport);
    else if (messaging?.groups.length) log.warn('no transport: the consumers of this service do not run');
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    state.started = true;
    loadShedding.arm();

    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const startedApp = app;
    let stopping: Promise<void> | undefined;
    return {
      name: definition.name,
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      app: startedApp,
      context,
      auth: authenticator,
      messaging,
      notices: runtime.notices ?? [],
      stop() {
        stopping ??= (async () => {
          state.stopping = true;
          // Still listening: a balancer that has not yet seen the 503 from /health/ready is served, and every
          // response closes its connection, so keep-alive clients move to another instance.
          if (drainMs > 0) {
            log.info({ drainMs }, 'draining before close');
            await new Promise((resolve) => setTimeout(resolve, drainMs));
          }
          // Requests in flight get DRAIN_TIMEOUT_MS to finish; then their connections are cut.
          const cut = setTimeout(() => startedApp.server.closeAllConnections(), DRAIN_TIMEOUT_MS);
          cut.unref();
          await startedApp.close();
          clearTimeout(cut);
          // Consumers first: a handler in flight may still need what the service's own stop tears down.
          await messaging
            ?.stop()
            .catch((error: unknown) => log.error({ err: error }, 'messaging stop failed'));
          await runtime.stop?.();
          await db?.end({ timeout: 5 });
          await tracing.shutdown();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await messaging?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await db?.end({ timeout: 1 }).catch(() => {});
    await tracing.shutdown();
    throw error;
  }
}
