import { hostname } from 'node:os';
import { loadConfig } from '@bazaar/config';
import { type Context, context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { type Static, Type } from '@sinclair/typebox';
import { withServiceTracer } from './current-tracer.js';
import { RecentSpans } from './recent-spans.js';

export const TracingConfig = Type.Object({
  OTEL_SDK_DISABLED: Type.Union([Type.Literal('true'), Type.Literal('false')], {
    default: 'false',
    description: '`true` turns tracing off: no spans, no trace context kept or passed on',
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      format: 'uri',
      description:
        'OTLP/HTTP base URL of a collector (Jaeger, Tempo, an OpenTelemetry Collector); spans go to <url>/v1/traces',
    }),
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(
    Type.String({
      format: 'uri',
      description: 'the full traces URL, instead of <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces',
    }),
  ),
  OTEL_TRACES_SAMPLER: Type.Union(
    [
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ].map((name) => Type.Literal(name)),
    { default: 'parentbased_always_on', description: 'which traces are recorded (OpenTelemetry names)' },
  ),
  OTEL_TRACES_SAMPLER_ARG: Type.Number({
    minimum: 0,
    maximum: 1,
    default: 1,
    description: 'the ratio of the traceidratio samplers',
  }),
  OTEL_BSP_SCHEDULE_DELAY: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 1_000,
    description: 'milliseconds between two OTLP exports',
  }),
  TRACES_KEPT_SPANS: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: 4_096,
    description: 'finished spans each service keeps in memory for the admin routes (0 = none)',
  }),
});
export type TracingConfig = Static<typeof TracingConfig>;

let contextManagerInstalled = false;

/**
 * One AsyncLocalStorage context manager for the process, shared by every service's provider: the active
 * span follows promises and callbacks, and in solo mode each service's work keeps its own tracer.
 */
export function installContextManager(): void {
  if (contextManagerInstalled) return;
  // false when another manager was registered first (an embedding application's): that one is kept.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

function samplerFor(config: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG);
  switch (config.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

export function otlpTracesUrl(config: TracingConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}

/** One service's tracing: its provider (own `service.name`), its recent spans, its exporter if any. */
export interface ServiceTracing {
  readonly service: string;
  readonly enabled: boolean;
  /** Where spans are exported over OTLP/HTTP (JSON), if anywhere. */
  readonly exportUrl: string | undefined;
  readonly tracer: Tracer;
  /** The service's recent finished spans (empty when disabled or TRACES_KEPT_SPANS=0). */
  readonly recent: RecentSpans;
  /** `ctx` (the active context by default) marked as this service's work: building blocks trace under it. */
  bind(ctx?: Context): Context;
  /** Exports what is still buffered and stops the provider. */
  shutdown(): Promise<void>;
}

/**
 * The tracing of one service in this process: a tracer provider of its own (resource `service.name` =
 * the service, so solo mode's single process still reports nine services), recent spans kept in memory,
 * and OTLP/HTTP export in batches when an endpoint is configured. Reads the OTEL_* variables of `env`
 * (validated: a bad value throws ConfigError).
 */
export function createServiceTracing(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { version?: string } = {},
): ServiceTracing {
  const config = loadConfig(TracingConfig, env);
  const enabled = config.OTEL_SDK_DISABLED !== 'true';
  // Disabled means no cost at all: without a context manager nothing follows the async work either.
  if (enabled) installContextManager();
  const recent = new RecentSpans(Math.max(1, config.TRACES_KEPT_SPANS));
  const exportUrl = enabled ? otlpTracesUrl(config) : undefined;
  const processors: SpanProcessor[] = [];
  if (config.TRACES_KEPT_SPANS > 0) processors.push(recent);
  if (exportUrl)
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: exportUrl }), {
        scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
        maxQueueSize: 8_192,
        maxExportBatchSize: 1_024,
      }),
    );
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: service,
      [ATTR_SERVICE_VERSION]: options.version ?? '0.1.0',
      'service.namespace': 'bazaar',
      'service.instance.id': `${hostname()}:${process.pid}`,
    }),
    sampler: enabled ? samplerFor(config) : new AlwaysOffSampler(),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer('bazaar');
  let stopped: Promise<void> | undefined;
  return {
    service,
    enabled,
    exportUrl,
    tracer,
    recent,
    bind: (ctx = context.active()) => withServiceTracer(ctx, tracer),
    shutdown() {
      stopped ??= provider.shutdown().catch(() => {});
      return stopped;
    },
  };
}
