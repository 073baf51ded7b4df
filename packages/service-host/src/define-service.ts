import type { Principal, TokenVerifier } from '@bazaar/auth';
import type { Pool } from '@bazaar/postgres';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Registry } from 'prom-client';

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

/** What the host hands a service: its own database, logger and metrics, and the shared token verifier. */
export interface ServiceContext {
  name: string;
  /** The service's own database; undefined for a service without one (the gateway). */
  db: Pool | undefined;
  log: FastifyBaseLogger;
  metrics: Registry;
  /** Verifies bearer tokens; services never trust identity headers set by someone else. */
  auth: Authenticator;
  /** Environment the host was started with, for the service's own validated config. */
  env: NodeJS.ProcessEnv;
}

/** A service with a database gets it non-optional in its hooks. */
export type ServiceContextWithDb = ServiceContext & { db: Pool };

export interface ServiceDefinition {
  /** Lower-case name; also the suffix of its database name. */
  name: string;
  description: string;
  /** Folder of NNN_name.sql files; a service without it owns no database. */
  migrationsDir?: string;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Builds the token verifier itself (identity verifies with its own keys); others use the host's. */
  createTokenVerifier?: (context: Omit<ServiceContext, 'auth'>) => TokenVerifier | Promise<TokenVerifier>;
  /** Registers the service's routes. */
  routes: (app: ServiceApp, context: ServiceContext) => void | Promise<void>;
  /** Runs once migrations are applied and before the service takes traffic (seeding, background work). */
  onStart?: (context: ServiceContext) => void | Promise<void>;
  /** Runs during graceful shutdown after the HTTP server stopped accepting requests. */
  onStop?: (context: ServiceContext) => void | Promise<void>;
}

/** A service is a value: the host decides where and how many times it runs. */
export function defineService(definition: ServiceDefinition): ServiceDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`service name '${definition.name}' must be lower-case letters, digits and dashes`);
  }
  return definition;
}

/** Narrows the context of a service that declared migrations. */
export function requireDb(context: ServiceContext): Pool {
  if (!context.db) throw new Error(`service ${context.name} has no database; declare migrationsDir`);
  return context.db;
}
