import type { Principal, TokenVerifier } from '@bazaar/auth';
import type { Pool } from '@bazaar/postgres';
import type { ServiceTracing } from '@bazaar/tracing';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { LevelWithSilent } from 'pino';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from './health.js';
import type { LoadShedder } from './load-shedding.js';
import type { LogFormat } from './logger.js';
import type { MessagingContract, ServiceMessaging } from './messaging.js';
import type { SiblingWorkers } from './sibling-workers.js';

export interface Authenticator {
  tokens: TokenVerifier;
  /** The verified caller; 401 problem without a valid bearer token. */
  user(request: FastifyRequest): Promise<Principal>;
  /** The verified caller if an admin; 401 without a token, 403 for anyone else. */
  admin(request: FastifyRequest): Promise<Principal>;
}

/** A Fastify instance whose route schemas are TypeBox types, so handlers see typed bodies and queries. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What the host hands a service at start: its own database, logger, metrics and environment. */
export interface ServiceContext {
  name: string;
  /** The service's own database; undefined for a service without one (the gateway). */
  db: Pool | undefined;
  log: FastifyBaseLogger;
  metrics: Registry;
  /** Environment the host was started with, for the service's own validated config. */
  env: NodeJS.ProcessEnv;
  /** How the host writes logs, for a log stream of the service's own (createStreamLogger). */
  logging: { level: LevelWithSilent; format: LogFormat };
  /** Outbox and consumers; undefined for a service that declared no `messaging`. */
  messaging: ServiceMessaging | undefined;
  /** The host's load shedding in front of this service's routes (its state, for an admin view). */
  loadShedding: LoadShedder;
  /** The service's tracing: its tracer and the recent spans it keeps in memory. */
  tracing: ServiceTracing;
  /**
   * The other node:cluster workers serving the same port (`WORKERS=N`, a cluster's gateway workers), to ask
   * for what each holds in memory; undefined when this process is no worker of a primary that relays.
   */
  siblingWorkers: SiblingWorkers | undefined;
}

/** What a started service gives back to the host; per-start state lives in its closure. */
export interface ServiceRuntime {
  /** The service's own token verifier (identity verifies with its own keys); others get the host's. */
  tokens?: TokenVerifier;
  /** Registers the routes; `auth` verifies callers (services never trust identity headers set by others). */
  routes(app: ServiceApp, auth: Authenticator): void | Promise<void>;
  /** Services this one calls, reported by /health (never by /health/ready). */
  dependencies?: ReadinessCheck[];
  /** The service's own conditions for taking traffic (e.g. not overloaded), reported by /health/ready. */
  readiness?: ReadinessCheck[];
  /** Runs during graceful shutdown after the HTTP server stopped accepting requests. */
  stop?(): void | Promise<void>;
  /** What the person who started the system must see once (solo mode prints it in its banner). */
  notices?: readonly string[];
}

export interface ServiceDefinition {
  /** Lower-case name; also the suffix of its database name. */
  name: string;
  description: string;
  /** Folder of NNN_name.sql files; a service without it owns no database. */
  migrationsDir?: string;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** 'none' when the service serves its own /openapi.json (the gateway merges every service's). */
  openApi?: 'own' | 'none';
  /** The event catalogue and subscriptions this service publishes and consumes under (needs migrationsDir). */
  messaging?: MessagingContract;
  /** Runs after migrations and before the server listens: read config, seed, build use cases. */
  start(context: ServiceContext): ServiceRuntime | Promise<ServiceRuntime>;
}

/** A service is a value: the host decides where and how many times it runs. */
export function defineService(definition: ServiceDefinition): ServiceDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`service name '${definition.name}' must be lower-case letters, digits and dashes`);
  }
  return definition;
}

/** Narrows the context of a service that declared messaging. */
export function requireMessaging(context: ServiceContext): ServiceMessaging {
  if (!context.messaging) throw new Error(`service ${context.name} declared no messaging`);
  return context.messaging;
}

/** Narrows the context of a service that declared migrations. */
export function requireDb(context: ServiceContext): Pool {
  if (!context.db) throw new Error(`service ${context.name} has no database; declare migrationsDir`);
  return context.db;
}
