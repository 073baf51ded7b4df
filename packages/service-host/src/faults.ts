import { randomUUID } from 'node:crypto';
import { loadConfig } from '@bazaar/config';
import { ProblemError, problems } from '@bazaar/problem';
import { type SchemaOptions, type Static, Type } from '@sinclair/typebox';
import { Counter, type Registry } from 'prom-client';
import type { ReadinessCheck } from './health.js';

/** Read by the host from each service's environment: off unless asked for (tests, demos). */
export const FaultsEnv = Type.Object({
  FAULTS_ENABLED: Type.Boolean({
    default: false,
    description: 'allow the fault-injection admin API under /api/admin/faults/<service> (tests, demos)',
  }),
});

export const faultsEnabled = (env: NodeJS.ProcessEnv): boolean => loadConfig(FaultsEnv, env).FAULTS_ENABLED;

export const FAULT_KINDS = ['latency', 'error', 'outage'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FAULT_TARGETS = ['http', 'messages', 'both'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/** One `enum` in the contract instead of a union of single-value enums, which the typed client reads alike. */
const stringEnum = <T extends string>(values: readonly T[], options: SchemaOptions = {}) =>
  Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });

/** How many faults one service holds at once: enough for any demo, few enough that matching stays trivial. */
export const MAX_FAULTS = 16;
export const MAX_LATENCY_MS = 60_000;
export const MAX_DURATION_SECONDS = 86_400;

export const FaultId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
  description: 'chosen by the caller with PUT, a UUID when created with POST',
});

/** What an operator asks for; which fields apply depends on `kind` (checked by checkFaultSpec). */
export const FaultSpec = Type.Object(
  {
    kind: stringEnum(FAULT_KINDS, {
      description:
        'latency: answer/handle later; error: fail at `rate` with `status`; outage: fail everything with 503',
    }),
    target: Type.Optional(
      stringEnum(FAULT_TARGETS, {
        default: 'both',
        description: "http: the service's HTTP answers; messages: its message handlers; both (default)",
      }),
    ),
    latencyMs: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LATENCY_MS, description: 'latency only: the added delay' }),
    ),
    jitterMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_LATENCY_MS,
        description: 'latency only: up to this much more, uniformly at random',
      }),
    ),
    status: Type.Optional(
      Type.Integer({ minimum: 500, maximum: 599, description: 'error only: the status answered (503)' }),
    ),
    rate: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'error only: the share of requests or messages that fail (1)',
      }),
    ),
    pathPrefix: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^/[^\\s?#]*$',
        description: 'http only: affect only this path and the paths below it, e.g. /api/products',
      }),
    ),
    durationSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_DURATION_SECONDS,
        description: 'the fault removes itself after this long; without it, it stays until deleted',
      }),
    ),
  },
  {
    additionalProperties: false,
    // Named examples, one per kind, as the request body's examples in the contract.
    'x-examples': {
      outage: {
        summary: 'The service is down for five minutes (HTTP answers 503, not ready)',
        value: { kind: 'outage', target: 'http', durationSeconds: 300 },
      },
      latency: {
        summary: 'Answers and handlers take 800 to 1200 ms longer',
        value: { kind: 'latency', target: 'both', latencyMs: 800, jitterMs: 400 },
      },
      error: {
        summary: 'A quarter of the product routes fail with 500',
        value: { kind: 'error', target: 'http', status: 500, rate: 0.25, pathPrefix: '/api/products' },
      },
    },
  },
);
export type FaultSpec = Static<typeof FaultSpec>;

export const Fault = Type.Object({
  id: FaultId,
  service: Type.String(),
  kind: stringEnum(FAULT_KINDS),
  target: stringEnum(FAULT_TARGETS),
  latencyMs: Type.Optional(Type.Integer()),
  jitterMs: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.Integer()),
  rate: Type.Optional(Type.Number()),
  pathPrefix: Type.Optional(Type.String()),
  durationSeconds: Type.Optional(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'when the fault removes itself; null: never',
  }),
  injected: Type.Integer({
    minimum: 0,
    description: 'requests and messages this fault has delayed or failed so far',
  }),
});
export type Fault = Static<typeof Fault>;

/** The stable problem type of every injected failure, so a client (or a test) can tell it from a real one. */
export const FAULT_PROBLEM_SLUG = 'fault-injected';

/** Thrown by a message handler under an error or outage fault: an ordinary failure, so it is retried. */
export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
}

export interface HttpFaultDecision {
  /** Wait this long before answering (0: no latency fault matched). */
  delayMs: number;
  /** Then answer with this problem instead of the route. */
  failure: ProblemError | undefined;
}

export interface MessageFaultDecision {
  /** Wait this long before the batch is handled. */
  delayMs: number;
  /** One entry per message of the batch: the error it fails with, or undefined to handle it. */
  failures: (InjectedFaultError | undefined)[];
}

export interface FaultInjector {
  readonly service: string;
  list(): Fault[];
  get(id: string): Fault | undefined;
  /** Adds a fault with a new id (POST). */
  add(spec: FaultSpec): Fault;
  /** Creates or replaces the fault with this id (PUT); `created` tells which. */
  put(id: string, spec: FaultSpec): { fault: Fault; created: boolean };
  remove(id: string): boolean;
  clear(): number;
  /** What the faults do to an HTTP request for this path (without query); undefined: nothing. */
  http(path: string): HttpFaultDecision | undefined;
  /** What the faults do to a delivery batch of `count` messages; undefined: nothing. */
  messages(count: number): MessageFaultDecision | undefined;
  /** Fails while an outage covers the whole HTTP surface: a real outage would fail readiness too. */
  readiness: ReadinessCheck;
}

interface StoredFault {
  id: string;
  spec: FaultSpec & { target: FaultTarget };
  createdAt: number;
  expiresAt: number | null;
  injected: number;
}

// Probes that must keep working (liveness, metrics, readiness: an outage fails readiness through its check,
// so the report stays a health report) and the fault routes themselves, so a system can always be healed.
const EXEMPT = /^\/(health(\/|$)|metrics$|api\/admin\/faults(\/|$))/;

/**
 * The fields that make no sense for the fault's kind or target, as validation errors: a fault that would
 * silently ignore part of what the operator asked for is refused instead.
 */
export function checkFaultSpec(spec: FaultSpec): { pointer: string; detail: string }[] {
  const errors: { pointer: string; detail: string }[] = [];
  const only = (field: keyof FaultSpec, allowed: boolean, reason: string) => {
    if (spec[field] !== undefined && !allowed) errors.push({ pointer: `/${field}`, detail: reason });
  };
  if (spec.kind === 'latency' && spec.latencyMs === undefined)
    errors.push({ pointer: '/latencyMs', detail: "'latencyMs' is required for a latency fault" });
  only('latencyMs', spec.kind === 'latency', 'applies to latency faults only');
  only('jitterMs', spec.kind === 'latency', 'applies to latency faults only');
  only('status', spec.kind === 'error', 'applies to error faults only (an outage is always 503)');
  only('rate', spec.kind === 'error', 'applies to error faults only (an outage fails everything)');
  only('pathPrefix', spec.target !== 'messages', 'applies to HTTP faults only');
  return errors;
}

const affects = (fault: StoredFault, target: 'http' | 'messages') =>
  fault.spec.target === target || fault.spec.target === 'both';

const underPrefix = (path: string, prefix: string | undefined) =>
  prefix === undefined || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/**
 * The faults injected into one service instance, held in memory: they affect this process only (in a
 * cluster, the instance the admin call reached), and vanish with it. Matching is pure given `now` and
 * `random`, which tests pass in; with no fault active the hot path is one length check.
 */
export function createFaultInjector(options: {
  service: string;
  metrics?: Registry;
  now?: () => number;
  random?: () => number;
}): FaultInjector {
  const { service } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const counter = options.metrics
    ? new Counter({
        name: 'faults_injected_total',
        help: 'Requests and messages delayed or failed by an injected fault, by kind and target',
        labelNames: ['kind', 'target'] as const,
        registers: [options.metrics],
      })
    : undefined;
  let faults: StoredFault[] = [];

  /** The faults still in force; expired ones are dropped here, so nothing needs a timer. */
  const active = (): StoredFault[] => {
    if (faults.length === 0) return faults;
    const at = now();
    if (faults.some((fault) => fault.expiresAt !== null && fault.expiresAt <= at))
      faults = faults.filter((fault) => fault.expiresAt === null || fault.expiresAt > at);
    return faults;
  };

  const record = (fault: StoredFault, target: 'http' | 'messages', count = 1) => {
    fault.injected += count;
    counter?.inc({ kind: fault.spec.kind, target }, count);
  };

  const view = (fault: StoredFault): Fault => ({
    id: fault.id,
    service,
    ...fault.spec,
    createdAt: new Date(fault.createdAt).toISOString(),
    expiresAt: fault.expiresAt === null ? null : new Date(fault.expiresAt).toISOString(),
    injected: fault.injected,
  });

  const stored = (id: string, spec: FaultSpec): StoredFault => {
    const errors = checkFaultSpec(spec);
    if (errors.length > 0)
      throw problems.validation(`body ${errors[0]!.pointer}: ${errors[0]!.detail}`, errors);
    const createdAt = now();
    return {
      id,
      spec: { ...spec, target: spec.target ?? 'both' },
      createdAt,
      expiresAt: spec.durationSeconds === undefined ? null : createdAt + spec.durationSeconds * 1000,
      injected: 0,
    };
  };

  const full = () =>
    new ProblemError(
      'too-many-faults',
      409,
      'Too many faults',
      `${service} already holds ${MAX_FAULTS} faults; delete one first.`,
    );

  const failure = (fault: StoredFault): ProblemError => {
    const status = fault.spec.kind === 'outage' ? 503 : (fault.spec.status ?? 503);
    // No Retry-After: a sick service does not say when it will be well, and callers must cope with that.
    return new ProblemError(
      FAULT_PROBLEM_SLUG,
      status,
      'Fault injected',
      `An injected ${fault.spec.kind} fault (${fault.id}) made ${service} fail this request.`,
      { service, faultId: fault.id },
    );
  };

  const delayOf = (fault: StoredFault) =>
    (fault.spec.latencyMs ?? 0) + Math.floor(random() * ((fault.spec.jitterMs ?? 0) + 1));

  const fires = (fault: StoredFault) =>
    fault.spec.kind === 'outage' || (fault.spec.kind === 'error' && random() < (fault.spec.rate ?? 1));

  return {
    service,
    list: () => active().map(view),
    get(id) {
      const fault = active().find((candidate) => candidate.id === id);
      return fault && view(fault);
    },
    add(spec) {
      if (active().length >= MAX_FAULTS) throw full();
      const fault = stored(randomUUID(), spec);
      faults = [...faults, fault];
      return view(fault);
    },
    put(id, spec) {
      const current = active();
      const index = current.findIndex((candidate) => candidate.id === id);
      if (index < 0 && current.length >= MAX_FAULTS) throw full();
      const fault = stored(id, spec);
      faults = index < 0 ? [...current, fault] : current.map((old, at) => (at === index ? fault : old));
      return { fault: view(fault), created: index < 0 };
    },
    remove(id) {
      const before = active().length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length < before;
    },
    clear() {
      const cleared = active().length;
      faults = [];
      return cleared;
    },

    http(path) {
      if (faults.length === 0 || EXEMPT.test(path)) return undefined;
      let delayMs = 0;
      let failed: ProblemError | undefined;
      for (const fault of active()) {
        if (!affects(fault, 'http') || !underPrefix(path, fault.spec.pathPrefix)) continue;
        if (fault.spec.kind === 'latency') {
          delayMs += delayOf(fault);
          record(fault, 'http');
        } else if (!failed && fires(fault)) {
          failed = failure(fault);
          record(fault, 'http');
        }
      }
      return delayMs > 0 || failed ? { delayMs, failure: failed } : undefined;
    },

    messages(count) {
      if (faults.length === 0 || count === 0) return undefined;
      const relevant = active().filter((fault) => affects(fault, 'messages'));
      if (relevant.length === 0) return undefined;
      let delayMs = 0;
      const failures: (InjectedFaultError | undefined)[] = Array.from({ length: count }, () => undefined);
      for (const fault of relevant) {
        if (fault.spec.kind === 'latency') {
          // One wait per batch: a slow handler, not a wait per message multiplied by the batch size.
          delayMs += delayOf(fault);
          record(fault, 'messages', count);
          continue;
        }
        for (let index = 0; index < count; index++) {
          if (failures[index] || !fires(fault)) continue;
          failures[index] = new InjectedFaultError(
            `injected ${fault.spec.kind} fault (${fault.id}) on ${service} messages`,
          );
          record(fault, 'messages');
        }
      }
      return { delayMs, failures };
    },

    readiness: {
      name: 'faults',
      check: async () => {
        const outage = active().find(
          (fault) => fault.spec.kind === 'outage' && affects(fault, 'http') && !fault.spec.pathPrefix,
        );
        if (outage) throw new Error(`an injected outage (${outage.id}) takes ${service} out of service`);
      },
    },
  };
}
