import {
  BalancedPool,
  type BalancedRequest,
  type BalancedResponse,
  balancedFetch,
  type EndpointSource,
  type InstanceResult,
  isConnectionFailure,
} from '@bazaar/load-balancer';
import { ProblemError, problems, problemTypeUri } from '@bazaar/problem';
import type { UpstreamPolicy } from '@bazaar/resilience';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';

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

/** An instance's answer was longer than the reader accepts. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`its answer is larger than ${maxBytes} bytes`);
  }
}

/** A read from every instance: headers to send and the caller's own deadline (bodies included). */
export interface EachInstanceOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Upstream {
  name: string;
  /** Streams the request to the upstream and its answer back; `aroundPolicy`: no breaker, bulkhead or retry. */
  forward(
    request: FastifyRequest,
    reply: FastifyReply,
    options?: { aroundPolicy?: boolean },
  ): Promise<FastifyReply>;
  /**
   * GET a JSON document from the upstream (merged OpenAPI document, BFF parts) under the upstream's policy;
   * non-200 rejects. `signal` is the caller's own deadline, which also ends retries.
   */
  getJson(
    path: string,
    options?: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<unknown>;
  /**
   * GET a JSON document from every instance at once (admin reads of what each process holds in memory),
   * outside the upstream's policy: no breaker, bulkhead or retry, so bring a deadline (`signal`). Never
   * rejects: per instance its document, or an error saying why there is none (`UpstreamStatusError` for an
   * answer other than 200).
   */
  getJsonFromEach(path: string, options?: EachInstanceOptions): Promise<InstanceResult<unknown>[]>;
  /** As getJsonFromEach, for a text (such as Prometheus metrics) of at most `maxBytes` per instance. */
  getTextFromEach(
    path: string,
    options: EachInstanceOptions & { maxBytes: number },
  ): Promise<InstanceResult<string>[]>;
  /** Resolves when an instance of the upstream reports itself ready; rejects with the reason otherwise. */
  checkReady(): Promise<void>;
  /** A fetch for GETs to an instance of the upstream (outside its policy: callers bring their own guard). */
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** The upstream's instances as the balancer sees them. */
  instances: BalancedPool['snapshot'];
  close(): Promise<void>;
}

type Answer = Awaited<ReturnType<BalancedPool['request']>>;
/** An answer, with its body already read when it counts as the upstream failing (it may be retried). */
interface Attempt {
  response: Answer;
  failedBody?: Buffer;
}

// Problems a healthy service answers on purpose when it protects itself or a dependency of its own is sick:
// the service is working, so they neither open its breaker nor get retried (that would only add load).
const REFUSALS = new Set(
  [
    'circuit-open',
    'bulkhead-full',
    'overloaded',
    'upstream-unavailable',
    'upstream-timeout',
    'rate-limited',
  ].map(problemTypeUri),
);

/** 500, 502, 504, and a 503 that is not a deliberate refusal: the upstream itself is failing. */
function upstreamFailed(status: number, body: Buffer): boolean {
  if (status < 500 || status === 501 || status === 505) return false;
  if (status !== 503 && status !== 504) return true;
  try {
    return !REFUSALS.has((JSON.parse(body.toString('utf8')) as { type?: unknown }).type as string);
  } catch {
    return true;
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const isTimeout = (error: unknown) => TIMEOUT_CODES.has((error as { code?: string }).code ?? '');

function transportProblem(name: string, error: unknown): Error {
  if (error instanceof ProblemError) return error;
  const { code = '', name: errorName } = error as { code?: string; name?: string };
  return TIMEOUT_CODES.has(code) || errorName === 'TimeoutError'
    ? problems.upstreamTimeout(name)
    : problems.upstreamUnavailable(name);
}

/** A body as text, refused (and the rest left unread) once it passes `maxBytes`. */
async function readText(response: BalancedResponse, maxBytes: number): Promise<string> {
  if (Number(response.headers['content-length'] ?? 0) > maxBytes) throw new AnswerTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AnswerTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Why an instance gave no answer, in words an operator reads in an admin response. */
function instanceFailure(error: Error): Error {
  if (error instanceof UpstreamStatusError || error instanceof AnswerTooLargeError) return error;
  const code = (error as { code?: string }).code;
  if (isTimeout(error) || error.name === 'TimeoutError' || error.name === 'AbortError')
    return new Error('no answer in time', { cause: error });
  if (isConnectionFailure(error)) return new Error(`no connection (${code})`, { cause: error });
  return new Error(code ? `${error.message} (${code})` : error.message, { cause: error });
}

/**
 * One upstream service: its instances behind a balanced pool of keep-alive connections (least pending,
 * health-checked, a failed connection moved to another instance when safe), every call under the
 * upstream's policy (timeout, breaker, bulkhead, budgeted retries of idempotent requests). Requests stream
 * through unchanged except for hop-by-hop headers; no instance reachable is a 503 problem, a slow one a 504.
 */
export function createUpstream(
  name: string,
  endpoints: EndpointSource,
  options: { connections: number; metrics: Registry; policy: UpstreamPolicy },
): Upstream {
  const { policy } = options;
  // The policy's deadline is the one that counts; undici's own only backs it up (and bounds a body).
  const transportTimeoutMs = policy.config.timeoutMs + 1_000;
  const pool = new BalancedPool(name, endpoints, {
    connections: options.connections,
    headersTimeout: transportTimeoutMs,
    bodyTimeout: transportTimeoutMs,
    connectTimeout: Math.min(transportTimeoutMs, 5_000),
    keepAliveTimeout: 30_000,
    metrics: options.metrics,
  });
  const outcomes =
    (options.metrics.getSingleMetric('gateway_upstream_requests_total') as
      | Counter<'upstream' | 'outcome'>
      | undefined) ??
    new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Requests forwarded to upstream services, by outcome (status class, unavailable, timeout, circuit_open, bulkhead_full)',
      labelNames: ['upstream', 'outcome'] as const,
      registers: [options.metrics],
    });

  async function attempt(request: BalancedRequest, idempotent: boolean): Promise<Attempt> {
    const response = await pool.request(request, { idempotent });
    if (response.statusCode < 500) return { response };
    // Small (a problem) and possibly retried: read now so the connection is free whatever happens next.
    return { response, failedBody: Buffer.from(await response.body.arrayBuffer()) };
  }
  const failed = (result: Attempt) =>
    result.failedBody !== undefined && upstreamFailed(result.response.statusCode, result.failedBody);

  // Admin reads of every instance go around the policy: a sick instance must not open the breaker that
  // guards the others' traffic, and the caller's deadline bounds the wait.
  async function fromEach<T>(
    path: string,
    accept: string,
    eachOptions: EachInstanceOptions,
    read: (response: BalancedResponse) => Promise<T>,
  ): Promise<InstanceResult<T>[]> {
    const results = await pool.requestEach(
      { method: 'GET', path, headers: { accept, ...eachOptions.headers }, signal: eachOptions.signal },
      async (response) => {
        if (response.statusCode !== 200) {
          await response.body.dump();
          throw new UpstreamStatusError(name, path, response.statusCode);
        }
        return read(response);
      },
    );
    return results.map((result) =>
      result.error
        ? { instance: result.instance, state: result.state, error: instanceFailure(result.error) }
        : result,
    );
  }

  return {
    name,
    async forward(request, reply, forwardOptions = {}) {
      const headers = forwardableHeaders(request.headers);
      headers['x-request-id'] = request.id;
      headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip]
        .filter(Boolean)
        .join(', ');
      headers['x-forwarded-proto'] = request.protocol;
      if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
      const body = request.body as Buffer | undefined;
      // Safe to repeat: reads, and writes the upstream deduplicates by their Idempotency-Key.
      const idempotent =
        request.method === 'GET' ||
        request.method === 'HEAD' ||
        request.headers['idempotency-key'] !== undefined;
      request.upstream = name;
      try {
        // undici enforces the policy's deadline (headersTimeout), so the policy needs no timer of its own.
        const send = () =>
          attempt(
            {
              method: request.method as 'GET',
              path: request.url,
              headers,
              body: body && body.length > 0 ? body : undefined,
              headersTimeout: policy.config.timeoutMs,
            },
            idempotent,
          );
        const { response, failedBody } = forwardOptions.aroundPolicy
          ? await send()
          : await policy.execute(send, { idempotent, failed, ownDeadline: true, isTimeout });
        outcomes.inc({ upstream: name, outcome: `${Math.floor(response.statusCode / 100)}xx` });
        const answerHeaders = forwardableHeaders(response.headers);
        // The body goes on byte for byte, so its length does too (no chunking; the access log counts it).
        const length = response.headers['content-length'];
        if (!failedBody && typeof length === 'string') answerHeaders['content-length'] = length;
        return reply
          .code(response.statusCode)
          .headers(answerHeaders)
          .send(failedBody ?? response.body);
      } catch (error) {
        const problem = transportProblem(name, error);
        const slug = problem instanceof ProblemError ? problem.type.slice(problemTypeUri('').length) : '';
        outcomes.inc({ upstream: name, outcome: slug.replace(/^upstream-/, '').replace(/-/g, '_') });
        if (!(error instanceof ProblemError))
          request.log.warn(
            { upstream: name, code: (error as { code?: string }).code },
            'upstream call failed',
          );
        throw problem;
      }
    },
    async getJson(path, requestOptions = {}) {
      let result: Attempt;
      try {
        result = await policy.execute(
          (signal) =>
            attempt(
              {
                method: 'GET',
                path,
                headers: { accept: 'application/json', ...requestOptions.headers },
                signal,
              },
              true,
            ),
          { idempotent: true, failed, signal: requestOptions.signal },
        );
      } catch (error) {
        throw transportProblem(name, error);
      }
      const { response } = result;
      if (response.statusCode !== 200) {
        if (!result.failedBody) await response.body.dump();
        throw new UpstreamStatusError(name, path, response.statusCode);
      }
      return response.body.json();
    },
    getJsonFromEach: (path, eachOptions = {}) =>
      fromEach(path, 'application/json', eachOptions, (response) => response.body.json()),
    getTextFromEach: (path, eachOptions) =>
      fromEach(path, 'text/plain', eachOptions, (response) => readText(response, eachOptions.maxBytes)),
    // Readiness probes go around the policy: they must see the upstream as it is, not the breaker's view.
    checkReady: () => pool.checkReady(),
    instances: () => pool.snapshot(),
    fetch: balancedFetch(pool),
    close: () => pool.close(),
  };
}
