// What the code asks of a deployment's environment, derived from the sources: the TypeBox schemas each
// service's start validates (its own config, the CLI's `serve`, the service host's) and the rules
// `serveOne` (apps/cli/src/serve.ts) adds on top of them.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@bazaar/config';
import { FaultsEnv, SheddingEnv, ShutdownEnv } from '@bazaar/service-host';
import type { TObject } from '@sinclair/typebox';
import { ServeConfig } from '../../../apps/cli/src/config.js';
import { SERVICES } from '../../../apps/cli/src/services.js';
import { GatewayConfig } from '../../../apps/gateway/src/config.js';
import { AnalyticsConfig } from '../../../services/analytics/src/config.js';
import { CatalogConfig } from '../../../services/catalog/src/config.js';
import { IdentityConfig } from '../../../services/identity/src/config.js';
import { InventoryConfig } from '../../../services/inventory/src/config.js';
import { OrderingConfig } from '../../../services/ordering/src/config.js';
import { ShippingConfig } from '../../../services/shipping/src/config.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type ServiceName = keyof typeof SERVICES;
/** Every name `serve` takes, in the CLI's order. */
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export const isServiceName = (name: string): name is ServiceName => Object.hasOwn(SERVICES, name);

/** Each service's own schema, as its start() validates it (payment and notification read none). */
const OWN_CONFIG: Record<ServiceName, TObject | undefined> = {
  identity: IdentityConfig,
  catalog: CatalogConfig,
  inventory: InventoryConfig,
  payment: undefined,
  shipping: ShippingConfig,
  ordering: OrderingConfig,
  notification: undefined,
  analytics: AnalyticsConfig,
  gateway: GatewayConfig,
};

/** The folders that hold a config.ts of their own, by service name (apps/gateway is the gateway's). */
export function configFolders(): string[] {
  const services = readdirSync(`${REPO_ROOT}services`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => readdirSync(`${REPO_ROOT}services/${entry.name}/src`).includes('config.ts'))
    .map((entry) => entry.name);
  return [...services, 'gateway'].sort();
}

export const ownConfigNames = (): string[] =>
  SERVICE_NAMES.filter((name) => OWN_CONFIG[name] !== undefined).sort();

/** Every schema the process serving `name` validates its environment against. */
export function schemasOf(name: ServiceName): TObject[] {
  const own = OWN_CONFIG[name];
  return [ServeConfig, ShutdownEnv, SheddingEnv, FaultsEnv, ...(own ? [own] : [])];
}

/** Properties a schema requires and gives no default: the start fails without them. */
export function requiredWithoutDefault(schema: TObject): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(
      ([key, property]) => required.has(key) && (property as { default?: unknown }).default === undefined,
    )
    .map(([key]) => key);
}

/** Whether the service owns a database (serveOne then refuses to start without DATABASE_URL). */
export const hasDatabase = (name: ServiceName): boolean => SERVICES[name].migrationsDir !== undefined;
/** Whether the service publishes or consumes events (all of them must share one transport). */
export const hasMessaging = (name: ServiceName): boolean => SERVICES[name].messaging !== undefined;

/**
 * The variables the process serving `name` cannot start without, with why: the schemas' required
 * properties without a default, plus serveOne's rules (DATABASE_URL for a service with migrations,
 * IDENTITY_URL for every service that verifies tokens with identity's keys).
 */
export function requiredEnv(name: ServiceName): Map<string, string> {
  const required = new Map<string, string>();
  for (const schema of schemasOf(name))
    for (const key of requiredWithoutDefault(schema)) required.set(key, 'required by its config schema');
  if (hasDatabase(name)) required.set('DATABASE_URL', 'serveOne: the service owns a database');
  if (name !== 'identity' && name !== 'gateway')
    required.set('IDENTITY_URL', "serveOne: tokens are checked against identity's JWKS");
  return required;
}

/** Services whose URL variable (`<NAME>_URL`) the process serving `name` requires: the ones it calls. */
export function callees(name: ServiceName): ServiceName[] {
  const required = requiredEnv(name);
  return SERVICE_NAMES.filter((other) => other !== name && required.has(`${other.toUpperCase()}_URL`));
}

/** Services that call `name`, by the same rule. */
export const callersOf = (name: ServiceName): ServiceName[] =>
  SERVICE_NAMES.filter((other) => callees(other).includes(name));

/** Services whose own schema (not serveOne) requires `<NAME>_URL`: they need that service from the start. */
export function configuredCallees(name: ServiceName): ServiceName[] {
  const own = OWN_CONFIG[name];
  const required = new Set(own ? requiredWithoutDefault(own) : []);
  return SERVICE_NAMES.filter((other) => other !== name && required.has(`${other.toUpperCase()}_URL`));
}

/** Problems of one container's environment: missing required variables and values a schema refuses. */
export function envProblems(name: ServiceName, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const [key, why] of requiredEnv(name))
    if (env[key] === undefined || env[key] === '') problems.push(`${name}: ${key} is not set (${why})`);
  for (const schema of schemasOf(name)) {
    try {
      loadConfig(schema, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Missing variables are reported above with their reason; here only the values given.
      for (const problem of error.problems)
        if (!problem.includes('(it is not set)')) problems.push(`${name}: ${problem}`);
    }
  }
  return problems;
}

/** Whether any schema of the service reads the variable. */
export const knowsVariable = (name: ServiceName, key: string): boolean =>
  schemasOf(name).some((schema) => Object.hasOwn(schema.properties, key));

/** The problems the given schemas find with one value, when the variable holds it (none = accepted). */
export function valueProblems(name: ServiceName, key: string, value: string): string[] {
  return schemasOf(name)
    .filter((schema) => Object.hasOwn(schema.properties, key))
    .flatMap((schema) => {
      try {
        loadConfig(schema, { [key]: value });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems.filter((problem) => problem.startsWith(`${key}:`));
      }
    });
}
