export {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
export {
  annotateActiveSpan,
  currentTracer,
  inSpan,
  recordFailure,
  traceLogFields,
  withServiceTracer,
} from './current-tracer.js';
export {
  contextFromHeaders,
  contextFromTraceparent,
  injectTraceHeaders,
  traceparentOf,
} from './propagation.js';
export { ORDER_ID_ATTRIBUTE, RecentSpans, type RecentSpansQuery } from './recent-spans.js';
export {
  createServiceTracing,
  installContextManager,
  otlpTracesUrl,
  type ServiceTracing,
  TracingConfig,
} from './service-tracing.js';
export { Ring } from './span-ring.js';
export {
  mergeSpans,
  type SpanAttributeValue,
  type SpanKindName,
  type SpanView,
  spanView,
} from './span-view.js';
