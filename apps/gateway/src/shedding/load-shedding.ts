import { getHeapStatistics } from 'node:v8';
import { ProblemError } from '@bazaar/problem';
import type { ReadinessCheck, ServiceApp } from '@bazaar/service-host';
import underPressure from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';

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
}

/** 90 % of the heap V8 may grow to: beyond it, collection pauses take over the process. */
export const defaultHeapThreshold = () => Math.floor(getHeapStatistics().heap_size_limit * 0.9);

// Probes and the operator's view of the shedding itself must answer however loaded the gateway is.
const NEVER_SHED = /^\/(health(\/|$|\?)|metrics($|\?)|api\/admin\/resilience($|\?))/;

const overloaded = (retryAfterSeconds: number, reason: ShedReason) =>
  new ProblemError(
    'overloaded',
    503,
    'Overloaded',
    'The gateway is at capacity and refused the request before doing any work; try again shortly.',
    { reason },
    { 'retry-after': String(retryAfterSeconds) },
  );

const UNDER_PRESSURE_REASONS: Record<string, ShedReason> = {
  eventLoopDelay: 'event_loop_delay',
  heapUsedBytes: 'heap',
};

/**
 * Load shedding at the front door, before routing, the rate limiter or any upstream call: a request that
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
  const shed = new Counter({
    name: 'gateway_shed_total',
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
      config.eventLoopDelayMs > 0 && usage.eventLoopDelay > config.eventLoopDelayMs
        ? 'event_loop_delay'
        : config.heapUsedBytes > 0 && usage.heapUsed > config.heapUsedBytes
          ? 'heap'
          : config.maxInFlight > 0 && inFlight >= config.maxInFlight
            ? 'in_flight'
            : null;
    return { usage, reason };
  };
  new Gauge({
    name: 'gateway_in_flight_requests',
    help: 'Requests in flight in the gateway (those the in-flight cap counts)',
    registers: [metrics],
    collect() {
      this.set(inFlight);
    },
  });
  new Gauge({
    name: 'gateway_shedding',
    help: '1 while the gateway sheds new requests, 0 otherwise',
    registers: [metrics],
    collect() {
      this.set(pressure().reason ? 1 : 0);
    },
  });

  return {
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
