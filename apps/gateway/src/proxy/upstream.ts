import { problems } from '@bazaar/problem';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { Pool } from 'undici';

// RFC 9110 §7.6.1 hop-by-hop fields, plus the ones the gateway sets itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function forwardableHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    result[name] = value;
  }
  return result;
}

/** An upstream answered, but not with 200. */
export class UpstreamStatusError extends Error {
  override readonly name = 'UpstreamStatusError';
  constructor(
    readonly upstream: string,
    readonly path: string,
    readonly status: number,
  ) {
    super(`${upstream} answered ${status} for ${path}`);
  }
}

export interface Upstream {
  name: string;
  forward(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
  /** GET a JSON document from the upstream (merged OpenAPI document, BFF parts); non-200 rejects. */
  getJson(path: string, options?: { headers?: Record<string, string>; timeoutMs?: number }): Promise<unknown>;
  /** Resolves when the upstream reports itself ready; rejects with the reason otherwise. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * One upstream service behind a keep-alive undici pool. Requests stream through unchanged except for
 * hop-by-hop headers; a refused connection is a 503 problem and a slow upstream a 504.
 */
export function createUpstream(
  name: string,
  baseUrl: string,
  options: { timeoutMs: number; connections: number; metrics: Registry },
): Upstream {
  const pool = new Pool(baseUrl, {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: Math.min(options.timeoutMs, 5_000),
    keepAliveTimeout: 30_000,
  });
  const outcomes =
    (options.metrics.getSingleMetric('gateway_upstream_requests_total') as
      | Counter<'upstream' | 'outcome'>
      | undefined) ??
    new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Requests forwarded to upstream services, by outcome (status class, unavailable, timeout)',
      labelNames: ['upstream', 'outcome'] as const,
      registers: [options.metrics],
    });

  return {
    name,
    async forward(request, reply) {
      const headers = forwardableHeaders(request.headers);
      headers['x-request-id'] = request.id;
      headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip]
        .filter(Boolean)
        .join(', ');
      headers['x-forwarded-proto'] = request.protocol;
      if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
      const body = request.body as Buffer | undefined;
      try {
        const response = await pool.request({
          method: request.method as 'GET',
          path: request.url,
          headers,
          body: body && body.length > 0 ? body : undefined,
        });
        outcomes.inc({ upstream: name, outcome: `${Math.floor(response.statusCode / 100)}xx` });
        return reply
          .code(response.statusCode)
          .headers(forwardableHeaders(response.headers))
          .send(response.body);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const timedOut = TIMEOUT_CODES.has(code);
        outcomes.inc({ upstream: name, outcome: timedOut ? 'timeout' : 'unavailable' });
        request.log.warn({ upstream: name, code }, 'upstream call failed');
        throw timedOut ? problems.upstreamTimeout(name) : problems.upstreamUnavailable(name);
      }
    },
    async getJson(path, requestOptions = {}) {
      const response = await pool.request({
        method: 'GET',
        path,
        headers: { accept: 'application/json', ...requestOptions.headers },
        ...(requestOptions.timeoutMs
          ? { headersTimeout: requestOptions.timeoutMs, bodyTimeout: requestOptions.timeoutMs }
          : {}),
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new UpstreamStatusError(name, path, response.statusCode);
      }
      return response.body.json();
    },
    async checkReady() {
      const response = await pool.request({
        method: 'GET',
        path: '/health/ready',
        headersTimeout: 1_000,
        bodyTimeout: 1_000,
      });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`${name} is not ready (${response.statusCode})`);
    },
    close: () => pool.close(),
  };
}
