import { getHeapStatistics } from 'node:v8';
import { loadConfig } from '@bazaar/config';
import { ProblemError } from '@bazaar/problem';
import underPressure from '@fastify/under-pressure';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ServiceApp } from './define-service.js';
import type { ReadinessCheck } from './health.js';

/** The thresholds every service sheds load at (the same variables for each; solo mode shares one process). */
export const SheddingEnv = Type.Object({
  SHED_EVENT_LOOP_DELAY_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 150,
    description:
      'shed requests (503 overloaded) while the mean event-loop delay is above this; 0 turns it off',
  }),
  SHED_HEAP_USED_BYTES: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'shed requests while the V8 heap in use is above this; default 90 % of the heap limit, 0 off',
    }),
  ),
  SHED_MAX_IN_FLIGHT: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: 1_024,
    description: 'shed requests beyond this many in flight in one service instance; 0 turns it off',
  }),
  SHED_SAMPLE_INTERVAL_MS: Type.Integer({
    // Well above the delay monitor's 10 ms resolution: an interval without a sample reads as infinite delay.
    minimum: 50,
    maximum: 10_000,
    default: 250,
    description: 'how often the event-loop delay and heap are sampled',
  }),
  SHED_RETRY_AFTER_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 1 }),
});
export type SheddingEnv = Static<typeof SheddingEnv>;

export function sheddingConfig(env: NodeJS.ProcessEnv): SheddingConfig {
  const config = loadConfig(SheddingEnv, env);
  return {
    eventLoopDelayMs: config.SHED_EVENT_LOOP_DELAY_MS,
    heapUsedBytes: config.SHED_HEAP_USED_BYTES ?? defaultHeapThreshold(),
    maxInFlight: config.SHED_MAX_IN_FLIGHT,
    sampleIntervalMs: config.SHED_SAMPLE_INTERVAL_MS,
    retryAfterSeconds: config.SHED_RETRY_AFTER_SECONDS,
  };
}

export interface SheddingConfig {
  /** Mean event-loop delay (ms) above which requests are shed; 0: never. */
  eventLoopDelayMs: number;
  /** V8 heap in use (bytes) above which requests are shed; 0: never. */
  heapUsedBytes: number;
  /** Requests in flight in this process beyond which new ones are shed; 0: no cap. */
  maxInFlight: number;
  sampleIntervalMs: number;
  retryAfterSeconds: number;
}

export type ShedReason = 'event_loop_delay' | 'heap' | 'in_flight';

export interface SheddingSnapshot {
  shedding: boolean;
  reason: ShedReason | null;
  eventLoopDelayMs: number;
  heapUsedBytes: number;
  inFlight: number;
  thresholds: { eventLoopDelayMs: number; heapUsedBytes: number; maxInFlight: number };
  shed: Record<ShedReason, number>;
}

export interface LoadShedder {
  /** Not ready while shedding: a balancer in front sends the traffic to another instance. */
  readiness: ReadinessCheck;
  snapshot(): SheddingSnapshot;
  /**
   * Called once the service listens: the event-loop delay counts from two samples later. Start-up (loading
   * code, migrations) lags the loop by design; shedding the first requests for it would be wrong.
   */
  arm(): void;
}

/** 90 % of the heap V8 may grow to: beyond it, collection pauses take over the process. */
export const defaultHeapThreshold = () => Math.floor(getHeapStatistics().heap_size_limit * 0.9);

// Probes, the operator's view of the shedding and the switch that clears injected faults must answer
// however loaded the service is.
const NEVER_SHED = /^\/(health(\/|$|\?)|metrics($|\?)|api\/admin\/(resilience|faults)($|\/|\?))/;

const overloaded = (retryAfterSeconds: number, reason: ShedReason) =>
  new ProblemError(
    'overloaded',
    503,
    'Overloaded',
    'The service is at capacity and refused the request before doing any work; try again shortly.',
    { reason },
    { 'retry-after': String(retryAfterSeconds) },
  );

const UNDER_PRESSURE_REASONS: Record<string, ShedReason> = {
  eventLoopDelay: 'event_loop_delay',
  heapUsedBytes: 'heap',
};

/**
 * Load shedding at the front door of every service, before routing, the gateway's rate limiter or any
 * upstream call: a request that
 * arrives while the event loop lags, the heap is nearly full or too many requests are in flight is answered
 * 503 `overloaded` with Retry-After at once. Answering fast keeps the requests that are admitted fast; a
 * queue would only make every caller time out. The event-loop delay and heap are sampled by
 * @fastify/under-pressure; the in-flight cap is counted here, per request, so it reacts at once.
 */
export async function registerLoadShedding(
  app: ServiceApp,
  config: SheddingConfig,
  metrics: Registry,
): Promise<LoadShedder> {
  let delayCountsFrom = Number.POSITIVE_INFINITY;
  const delayCounts = () => performance.now() >= delayCountsFrom;
  const shed = new Counter({
    name: 'http_shed_total',
    help: 'Requests refused with 503 overloaded before any work, by reason',
    labelNames: ['reason'] as const,
    registers: [metrics],
  });
  const counts: Record<ShedReason, number> = { event_loop_delay: 0, heap: 0, in_flight: 0 };
  const refuse = (reason: ShedReason) => {
    shed.inc({ reason });
    counts[reason] += 1;
    return overloaded(config.retryAfterSeconds, reason);
  };

  await app.register(underPressure, {
    maxEventLoopDelay: config.eventLoopDelayMs,
    maxHeapUsedBytes: config.heapUsedBytes,
    sampleInterval: config.sampleIntervalMs,
    retryAfter: config.retryAfterSeconds,
    pressureHandler: (request: FastifyRequest, _reply: FastifyReply, type: string) => {
      if (NEVER_SHED.test(request.url)) return undefined;
      if (type === 'eventLoopDelay' && !delayCounts()) return undefined;
      // A rejected promise reaches the problem handler like any thrown error.
      return Promise.reject(refuse(UNDER_PRESSURE_REASONS[type] ?? 'event_loop_delay'));
    },
  });

  let inFlight = 0;
  if (config.maxInFlight > 0) {
    app.addHook('onRequest', (request, reply, done) => {
      if (NEVER_SHED.test(request.url)) return done();
      if (inFlight >= config.maxInFlight) return done(refuse('in_flight'));
      inFlight += 1;
      // 'close' comes once whether the answer was sent or the caller went away.
      reply.raw.once('close', () => {
        inFlight -= 1;
      });
      done();
    });
  }

  const pressure = () => {
    const usage = app.memoryUsage();
    const reason: ShedReason | null =
      config.eventLoopDelayMs > 0 && delayCounts() && usage.eventLoopDelay > config.eventLoopDelayMs
        ? 'event_loop_delay'
        : config.heapUsedBytes > 0 && usage.heapUsed > config.heapUsedBytes
          ? 'heap'
          : config.maxInFlight > 0 && inFlight >= config.maxInFlight
            ? 'in_flight'
            : null;
    return { usage, reason };
  };
  new Gauge({
    name: 'http_in_flight_requests',
    help: 'Requests in flight in this service instance (those the in-flight cap counts)',
    registers: [metrics],
    collect() {
      this.set(inFlight);
    },
  });
  new Gauge({
    name: 'http_shedding',
    help: '1 while the service sheds new requests, 0 otherwise',
    registers: [metrics],
    collect() {
      this.set(pressure().reason ? 1 : 0);
    },
  });

  return {
    arm() {
      delayCountsFrom = performance.now() + 2 * config.sampleIntervalMs;
    },
    readiness: {
      name: 'load',
      check: async () => {
        const { usage, reason } = pressure();
        if (reason)
          throw new Error(
            `shedding (${reason}): event-loop delay ${usage.eventLoopDelay.toFixed(0)} ms, heap ${usage.heapUsed} bytes, ${inFlight} in flight`,
          );
      },
    },
    snapshot() {
      const { usage, reason } = pressure();
      return {
        shedding: reason !== null,
        reason,
        eventLoopDelayMs: Math.round(usage.eventLoopDelay * 10) / 10,
        heapUsedBytes: usage.heapUsed,
        inFlight,
        thresholds: {
          eventLoopDelayMs: config.eventLoopDelayMs,
          heapUsedBytes: config.heapUsedBytes,
          maxInFlight: config.maxInFlight,
        },
        shed: { ...counts },
      };
    },
  };
}
