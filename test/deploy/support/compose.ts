// Offline checks of deploy/compose.yaml: the Compose specification's JSON schema and Bazaar's invariants.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  configuredCallees,
  envProblems,
  hasDatabase,
  hasMessaging,
  isServiceName,
  REPO_ROOT,
  SERVICE_NAMES,
  type ServiceName,
} from './service-config.js';

export type ComposeService = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: unknown[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  stop_grace_period?: string;
  read_only?: boolean;
  user?: string;
};
export type ComposeFile = { services: Record<string, ComposeService>; [key: string]: unknown };

export const COMPOSE_PATH = `${REPO_ROOT}deploy/compose.yaml`;

/** Parsed as Compose reads it: YAML merge keys (`<<: *anchor`) resolved. */
export const loadCompose = (text = readFileSync(COMPOSE_PATH, 'utf8')): ComposeFile =>
  parse(text, { merge: true }) as ComposeFile;

/**
 * The Compose specification's schema (compose-spec.json, draft-07) as dclint ships it in
 * schemas/compose.schema.json. Its `$schema` is spelt https://json-schema.org/draft-07/schema, which Ajv
 * registers as http://json-schema.org/draft-07/schema#: the same meta-schema, named as Ajv knows it.
 */
export function composeSchemaValidator(): (document: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; under NodeNext its default export sits one level down (as in service-host).
  addFormats.default(ajv);
  const validate = ajv.compile({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#' });
  return (document) =>
    validate(document)
      ? []
      : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}${extra(e)}`);
}

const extra = (error: ErrorObject) =>
  error.keyword === 'additionalProperties'
    ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
    : '';

const envOf = (service: ComposeService): Record<string, string> => {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((line) => [line.split('=')[0] ?? '', line.split('=').slice(1).join('=')]),
    );
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
};

const dependencies = (service: ComposeService): Record<string, { condition?: string }> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, { condition: 'service_started' }]))
    : (service.depends_on ?? {});

/** The Bazaar service a compose service runs: the image's `serve` argument, its command. */
export function servedBy(service: ComposeService): string | undefined {
  const command = typeof service.command === 'string' ? service.command.split(/\s+/) : service.command;
  return service.build !== undefined ? command?.[0] : undefined;
}

/** "30s", "1m30s", "500ms" → seconds. */
export function durationSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
  return parts.reduce((sum, [, amount, u]) => sum + Number(amount) * (unit[u ?? 's'] ?? 1), 0);
}

/** A cycle in depends_on, as the path that closes it, or undefined. */
export function dependencyCycle(compose: ComposeFile): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    if (state.get(name) === 'done') return undefined;
    state.set(name, 'visiting');
    for (const next of Object.keys(dependencies(compose.services[name] ?? {}))) {
      const cycle = visit(next, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(compose.services)) {
    const cycle = visit(name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Everything `name` waits for, directly or through what it waits for. */
function waitsFor(compose: ComposeFile, name: string, seen = new Set<string>()): Set<string> {
  for (const next of Object.keys(dependencies(compose.services[name] ?? {})))
    if (!seen.has(next)) {
      seen.add(next);
      waitsFor(compose, next, seen);
    }
  return seen;
}

const SHUTDOWN_REQUEST_DRAIN_SECONDS = 10;

/** Bazaar's invariants over the compose file; the schema is checked separately. */
export function composeProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  const bazaar = Object.entries(services).filter(([, service]) => servedBy(service) !== undefined);
  const byService = new Map<string, string>();
  for (const [key, service] of bazaar) {
    const served = servedBy(service) ?? '';
    if (!isServiceName(served)) problems.push(`${key}: runs '${served}', which serve does not know`);
    else if (byService.has(served))
      problems.push(`${served}: run by both ${byService.get(served)} and ${key}`);
    else byService.set(served, key);
  }
  for (const name of SERVICE_NAMES)
    if (!byService.has(name)) problems.push(`${name}: no compose service runs it`);

  for (const [key, service] of Object.entries(services)) {
    if (service.ports && service.ports.length > 0 && servedBy(service) !== 'gateway')
      problems.push(`${key}: publishes ports; only the gateway may`);
    for (const [target, { condition }] of Object.entries(dependencies(service))) {
      const found = services[target];
      if (!found) problems.push(`${key}: depends on ${target}, which is not defined`);
      else if (condition !== 'service_healthy')
        problems.push(`${key}: waits for ${target} with ${condition ?? 'no condition'}, not service_healthy`);
      else if (!found.healthcheck?.test || found.healthcheck.disable)
        problems.push(`${key}: waits for ${target} to be healthy, but ${target} has no healthcheck`);
    }
  }
  const gateway = byService.get('gateway');
  if (gateway && !(services[gateway]?.ports ?? []).length) problems.push('gateway: publishes no port');

  const cycle = dependencyCycle(compose);
  if (cycle) problems.push(`depends_on has a cycle: ${cycle.join(' → ')}`);

  const postgres = Object.entries(services).find(([, s]) => /^postgres(:|$)/.test(s.image ?? ''))?.[0];
  if (!postgres) problems.push('no postgres service');
  const shared = new Map<string, Set<string>>();
  for (const [key, service] of bazaar) {
    const served = servedBy(service) ?? '';
    if (!isServiceName(served)) continue;
    const env = envOf(service);
    problems.push(...envProblems(served, env).map((p) => `${key}: ${p}`));
    if (env.HOST !== '0.0.0.0') problems.push(`${key}: HOST is ${env.HOST}, not 0.0.0.0`);
    if (!String(service.healthcheck?.test ?? '').includes('/health/ready'))
      problems.push(`${key}: healthcheck does not ask /health/ready`);
    if (!service.read_only) problems.push(`${key}: root filesystem is not read-only`);
    const direct = dependencies(service);
    if (postgres && hasDatabase(served) && !(postgres in direct))
      problems.push(`${key}: owns a database but does not wait for ${postgres} to be healthy`);
    if (postgres && !waitsFor(compose, key).has(postgres))
      problems.push(`${key}: does not wait (even through others) for ${postgres}`);
    for (const callee of configuredCallees(served)) {
      const target = byService.get(callee);
      if (target && !(target in direct))
        problems.push(`${key}: needs ${callee} (its config) but does not wait for it`);
    }
    const drain = Number(env.SHUTDOWN_DRAIN_MS ?? 0) / 1000;
    const grace = durationSeconds(service.stop_grace_period ?? '10s') ?? 0;
    if (grace <= drain + SHUTDOWN_REQUEST_DRAIN_SECONDS)
      problems.push(
        `${key}: stop_grace_period ${service.stop_grace_period ?? '10s (default)'} is not more than SHUTDOWN_DRAIN_MS ${drain} s + ${SHUTDOWN_REQUEST_DRAIN_SECONDS} s`,
      );
    const keys = [
      'JWT_ISSUER',
      'JWT_AUDIENCE',
      ...(hasMessaging(served) ? ['AMQP_URL', 'DATABASE_URL', 'BAZAAR_DB_PREFIX'] : []),
    ];
    for (const k of keys) {
      if (!shared.has(k)) shared.set(k, new Set());
      shared.get(k)?.add(String(env[k]));
    }
  }
  for (const [key, values] of shared)
    if (values.size > 1) problems.push(`${key} differs between services: ${[...values].join(' / ')}`);
  return problems;
}

/** The URLs point at the backing services with the credentials those are started with. */
export function credentialProblems(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const services = compose.services;
  const byImage = (pattern: RegExp) => Object.entries(services).find(([, s]) => pattern.test(s.image ?? ''));
  const checks: [string, RegExp, string, string][] = [
    ['DATABASE_URL', /^postgres(:|$)/, 'POSTGRES_USER', 'POSTGRES_PASSWORD'],
    ['AMQP_URL', /^rabbitmq(:|$)/, 'RABBITMQ_DEFAULT_USER', 'RABBITMQ_DEFAULT_PASS'],
  ];
  for (const [variable, image, userKey, passwordKey] of checks) {
    const backing = byImage(image);
    if (!backing) {
      problems.push(`no service runs ${image}`);
      continue;
    }
    const [host, service] = backing;
    const env = envOf(service);
    for (const [key, s] of Object.entries(services)) {
      const value = envOf(s)[variable];
      if (!value) continue;
      const url = new URL(value);
      if (url.hostname !== host) problems.push(`${key}: ${variable} points at ${url.hostname}, not ${host}`);
      if (
        decodeURIComponent(url.username) !==
        (env[userKey] ?? (variable === 'AMQP_URL' ? 'guest' : 'postgres'))
      )
        problems.push(`${key}: ${variable} user ${url.username} is not ${host}'s ${userKey}`);
      if (decodeURIComponent(url.password) !== (env[passwordKey] ?? ''))
        problems.push(`${key}: ${variable} password is not ${host}'s ${passwordKey}`);
      if (variable === 'AMQP_URL' && url.username === 'guest')
        problems.push(`${key}: RabbitMQ's guest account only accepts connections from localhost`);
    }
  }
  return problems;
}

export type { ServiceName };
