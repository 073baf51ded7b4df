import {
  context,
  contextFromHeaders,
  type ServiceTracing,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@bazaar/tracing';
import type { FastifyRequest } from 'fastify';
import type { ServiceApp } from './define-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The server span of this request (tracing). */
    span?: Span;
  }
}

// Probes and scrapes: a balancer asks every second, and their spans would bury the traces worth reading.
const UNTRACED = /^\/(health|metrics)(\/|$|\?)/;

function end(request: FastifyRequest, status: number | undefined): void {
  const span = request.span;
  if (!span) return;
  request.span = undefined;
  if (status !== undefined) {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  } else span.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
  span.end();
}

/**
 * A server span per request, named by method and route pattern, continuing the caller's `traceparent`
 * (a new trace otherwise). The rest of the request's hooks and its handler run with the span active, so
 * the spans and log lines of its work join it; it ends with the response (status code) or the abort.
 */
export function registerRequestSpans(app: ServiceApp, tracing: ServiceTracing): void {
  const base = tracing.bind(context.active());
  app.addHook('onRequest', (request, _reply, done) => {
    if (UNTRACED.test(request.url)) return done();
    const parent = contextFromHeaders(request.headers, base);
    const route = request.routeOptions.url;
    const span = tracing.tracer.startSpan(
      `${request.method} ${route ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          ...(route ? { 'http.route': route } : {}),
          'url.path': request.url.split('?')[0],
          'bazaar.request_id': request.id,
        },
      },
      parent,
    );
    request.span = span;
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onResponse', async (request, reply) => end(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request, undefined));
}
