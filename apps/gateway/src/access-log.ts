import { createStreamLogger, type ServiceApp } from '@bazaar/service-host';
import type { LevelWithSilent } from 'pino';

declare module 'fastify' {
  interface FastifyRequest {
    /** The upstream the request was forwarded to, for the access log. */
    upstream: string | undefined;
    /** The route-table rule that matched (e.g. /api/orders), more telling than the proxy's catch-all. */
    routeGroup: string | undefined;
  }
}

/** The request fields the proxy and router fill in; declared even when the access log is off. */
export function decorateRequestsForAccessLog(app: ServiceApp): void {
  app.decorateRequest('upstream', undefined);
  app.decorateRequest('routeGroup', undefined);
}

const numberOrNull = (value: unknown) => {
  const parsed = Number(value);
  return value === undefined || Number.isNaN(parsed) ? null : parsed;
};

/**
 * One line per request, written when the answer has gone out, as the gateway's `access` log stream
 * (`"log":"access"` on every line; pino, at info, in the service's log format; buffered as JSON): method,
 * route, status, duration, user, request id, upstream and bytes. Refused requests (429, 503 shed) are logged
 * too: they are what an operator looks for during a spike. Returns the flush for a graceful stop.
 */
export function registerAccessLog(
  app: ServiceApp,
  logging: { level: LevelWithSilent; format: 'json' | 'pretty' },
): () => void {
  const access = createStreamLogger('gateway', 'access', logging.level, logging.format);
  // Below info nothing would be written: then the hook is not there to cost anything.
  if (!access.isLevelEnabled('info')) return () => {};
  app.addHook('onResponse', (request, reply, done) => {
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    access.info(
      {
        method: request.method,
        route: request.routeGroup ?? request.routeOptions.url ?? null,
        path: request.url,
        status: reply.statusCode,
        durationMs,
        userId: request.principal?.userId ?? null,
        requestId: request.id,
        upstream: request.upstream ?? null,
        bytesIn: numberOrNull(request.headers['content-length']),
        bytesOut: numberOrNull(reply.getHeader('content-length')),
      },
      `${request.method} ${request.url} ${reply.statusCode} ${durationMs} ms`,
    );
    done();
  });
  // Buffered lines reach the log within a second even when traffic is low.
  const flush = () => {
    try {
      access.flush();
    } catch {
      // not open yet: the next tick writes it
    }
  };
  const timer = setInterval(flush, 1_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    flush();
  };
}
