import {
  context,
  currentTracer,
  injectTraceHeaders,
  recordFailure,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@bazaar/tracing';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type Dispatcher, Pool } from 'undici';
import { chooseEndpoint } from './choose.js';
import { type EndpointSource, staticEndpoints } from './endpoint-source.js';

export type EndpointState = 'healthy' | 'unhealthy' | 'ejected';

export interface EndpointSnapshot {
  url: string;
  state: EndpointState;
  pending: number;
  /** Times it was ejected since it joined. */
  ejections: number;
}

export interface BalancedPoolOptions {
  /** Keep-alive connections per instance. */
  connections?: number;
  headersTimeout?: number;
  bodyTimeout?: number;
  connectTimeout?: number;
  keepAliveTimeout?: number;
  /** Active health check: GET this path on every instance every `healthIntervalMs`; 200 keeps it in rotation. */
  healthPath?: string;
  healthIntervalMs?: number;
  healthTimeoutMs?: number;
  /** Passive ejection after a connection failure: `ejectBaseMs`, doubling while it keeps failing, up to `ejectMaxMs`. */
  ejectBaseMs?: number;
  ejectMaxMs?: number;
  metrics?: Registry;
}

export type BalancedRequest = Omit<Dispatcher.RequestOptions, 'origin'>;
export type BalancedResponse = Dispatcher.ResponseData & { endpoint: string };

/** One instance's part of `requestEach`: what `read` made of its answer, or why there is none. */
export type InstanceResult<T> = { instance: string; state: EndpointState } & (
  | { value: T; error?: undefined }
  | { error: Error; value?: undefined }
);

interface Endpoint {
  url: string;
  pool: Pool;
  pending: number;
  healthy: boolean;
  ejectedUntil: number;
  consecutiveFailures: number;
  ejections: number;
  checking: boolean;
}

// Failures before a single byte of the request left: any request may go to another instance.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// The connection broke while the request was out: it may have been handled, so only an idempotent one moves.
const CONNECTION_LOST = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);
const codeOf = (error: unknown) => (error as { code?: string }).code ?? '';

/** The connection to an instance failed (refused, lost, unreachable), as opposed to a timeout or an abort. */
export const isConnectionFailure = (error: unknown) =>
  NOT_SENT.has(codeOf(error)) || CONNECTION_LOST.has(codeOf(error));

const balancedPools = new WeakMap<Registry, Set<BalancedPool>>();

/** The balancer metrics of `registry`, created with the first balanced pool registered there. */
function balancerMetrics(registry: Registry, pool: BalancedPool) {
  let pools = balancedPools.get(registry);
  if (!pools) {
    const registered = new Set<BalancedPool>();
    pools = registered;
    balancedPools.set(registry, registered);
    new Gauge({
      name: 'upstream_endpoints',
      help: 'Instances of each upstream by state: healthy, unhealthy (failed its health check), ejected',
      labelNames: ['upstream', 'state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const each of registered) {
          const counts: Record<EndpointState, number> = { healthy: 0, unhealthy: 0, ejected: 0 };
          for (const endpoint of each.snapshot()) counts[endpoint.state] += 1;
          for (const [state, count] of Object.entries(counts))
            this.set({ upstream: each.name, state }, count);
        }
      },
    });
    new Counter({
      name: 'upstream_endpoint_ejections_total',
      help: 'Instances taken out of rotation: connection (passive, a failed connection) or health (active check failed)',
      labelNames: ['upstream', 'reason'] as const,
      registers: [registry],
    });
    new Counter({
      name: 'upstream_endpoint_failovers_total',
      help: 'Requests sent again to another instance after a connection to one failed',
      labelNames: ['upstream'] as const,
      registers: [registry],
    });
  }
  pools.add(pool);
  return {
    ejections: registry.getSingleMetric('upstream_endpoint_ejections_total') as Counter<
      'upstream' | 'reason'
    >,
    failovers: registry.getSingleMetric('upstream_endpoint_failovers_total') as Counter<'upstream'>,
  };
}

/**
 * The instances of one service behind one client: each request goes to the instance with the fewest
 * requests pending (round robin among equals), instances failing `/health/ready` or a connection leave the
 * rotation and return once their check passes again, and a request whose connection failed is sent to
 * another instance when that is safe (never sent, or idempotent). The instance list may change while it
 * runs (`EndpointSource`): a new instance joins at once, a removed one finishes its requests and closes.
 * undici's BalancedPool has neither health checks nor least-pending choice, so this is our own, over one
 * undici Pool per instance.
 */
export class BalancedPool {
  private endpoints: Endpoint[] = [];
  private cursor = -1;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly metrics: ReturnType<typeof balancerMetrics> | undefined;
  private closed = false;

  constructor(
    readonly name: string,
    source: EndpointSource | readonly string[],
    private readonly options: BalancedPoolOptions = {},
  ) {
    const endpoints = 'current' in source ? source : staticEndpoints(source);
    this.setEndpoints(endpoints.current());
    this.unsubscribe = endpoints.subscribe((urls) => this.setEndpoints(urls));
    this.timer = setInterval(() => this.checkAll(), options.healthIntervalMs ?? 1_000);
    this.timer.unref();
    this.metrics = options.metrics ? balancerMetrics(options.metrics, this) : undefined;
  }

  /** Replaces the instance list: new URLs join healthy, removed ones leave the rotation and close when idle. */
  setEndpoints(urls: readonly string[]): void {
    if (this.closed) return;
    const kept = this.endpoints.filter((endpoint) => urls.includes(endpoint.url));
    for (const endpoint of this.endpoints)
      if (!urls.includes(endpoint.url)) endpoint.pool.close().catch(() => {});
    for (const url of urls) {
      if (kept.some((endpoint) => endpoint.url === url)) continue;
      kept.push({
        url,
        pool: new Pool(url, {
          connections: this.options.connections ?? 64,
          headersTimeout: this.options.headersTimeout,
          bodyTimeout: this.options.bodyTimeout,
          connectTimeout: this.options.connectTimeout,
          keepAliveTimeout: this.options.keepAliveTimeout ?? 4_000,
        }),
        pending: 0,
        healthy: true,
        ejectedUntil: 0,
        consecutiveFailures: 0,
        ejections: 0,
        checking: false,
      });
    }
    this.endpoints = urls.map((url) => kept.find((endpoint) => endpoint.url === url)!);
  }

  /**
   * Sends the request to one instance. A connection that fails ejects that instance and the request goes to
   * the next one: always when nothing was sent, and when `idempotent` also after the connection broke
   * mid-request (a GET, or a write the upstream deduplicates by its Idempotency-Key). Traced: a client
   * span for the call (all its attempts), whose `traceparent` the instance receives in place of any the
   * caller's headers carried.
   */
  request(request: BalancedRequest, options: { idempotent?: boolean } = {}): Promise<BalancedResponse> {
    return this.traced(request, undefined, (traced) => this.send(traced, options));
  }

  /**
   * Sends the request to every current instance at once, whatever its state (an admin read of what each
   * process holds: an ejected or unhealthy instance may still answer, and if it does not, that is worth
   * knowing), and gives each answer to `read` as it arrives: a `signal` in the request bounds the bodies
   * too, so they are read at once rather than after the slowest instance. Never rejects: per instance, in
   * the order of the list, what `read` returned or the error of the request or of `read` (whose unread body
   * is then discarded). No failover (the request is meant for that instance); a connection failure still
   * ejects the instance, as it would for `request`. Traced: one client span per instance.
   */
  requestEach<T>(
    request: BalancedRequest,
    read: (response: BalancedResponse) => Promise<T>,
  ): Promise<InstanceResult<T>[]> {
    return Promise.all(
      this.endpoints.map(async (endpoint): Promise<InstanceResult<T>> => {
        const state = this.stateOf(endpoint);
        let response: BalancedResponse | undefined;
        try {
          response = await this.traced(request, endpoint.url, (traced) => this.sendTo(endpoint, traced));
          return { instance: endpoint.url, state, value: await read(response) };
        } catch (error) {
          response?.body.destroy();
          return {
            instance: endpoint.url,
            state,
            error: error instanceof Error ? error : new Error(String(error)),
          };
        }
      }),
    );
  }

  /**
   * Runs `send` in a client span named after the upstream, giving it the request with that span's
   * `traceparent` (the caller's own trace headers replaced), and records the answer on the span.
   */
  private async traced(
    request: BalancedRequest,
    instance: string | undefined,
    send: (traced: BalancedRequest) => Promise<BalancedResponse>,
  ): Promise<BalancedResponse> {
    const parent = context.active();
    const span = currentTracer(parent).startSpan(
      `${request.method} ${this.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.path.split('?')[0],
          'bazaar.upstream': this.name,
          ...(instance ? { 'server.address': instance } : {}),
        },
      },
      parent,
    );
    const headers = request.headers;
    const traced: BalancedRequest =
      headers === undefined ||
      headers === null ||
      (typeof headers === 'object' && !Array.isArray(headers) && !(Symbol.iterator in headers))
        ? {
            ...request,
            headers: injectTraceHeaders<Record<string, string | string[] | undefined>>(
              { ...(headers as Record<string, string | string[] | undefined>) },
              trace.setSpan(parent, span),
            ),
          }
        : request;
    try {
      const response = await send(traced);
      span.setAttributes({
        'http.response.status_code': response.statusCode,
        'server.address': response.endpoint,
      });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** One attempt at one instance; a failed connection ejects it, and the error is the caller's to handle. */
  private async sendTo(endpoint: Endpoint, request: BalancedRequest): Promise<BalancedResponse> {
    endpoint.pending += 1;
    try {
      const response = await endpoint.pool.request(request);
      endpoint.consecutiveFailures = 0;
      return Object.assign(response, { endpoint: endpoint.url });
    } catch (error) {
      if (isConnectionFailure(error)) this.eject(endpoint);
      throw error;
    } finally {
      endpoint.pending -= 1;
    }
  }

  private async send(request: BalancedRequest, options: { idempotent?: boolean }): Promise<BalancedResponse> {
    const tried = new Set<Endpoint>();
    let lastError: unknown;
    for (;;) {
      const endpoint = this.choose(tried);
      if (!endpoint) throw lastError ?? new Error(`${this.name}: no instances`);
      tried.add(endpoint);
      try {
        return await this.sendTo(endpoint, request);
      } catch (error) {
        lastError = error;
        if (!isConnectionFailure(error)) throw error;
        if (CONNECTION_LOST.has(codeOf(error)) && !options.idempotent) throw error;
        if (request.signal && (request.signal as AbortSignal).aborted) throw error;
        this.metrics?.failovers.inc({ upstream: this.name });
      }
    }
  }

  /** Resolves when at least one instance reports itself ready; rejects with the reason otherwise. */
  async checkReady(): Promise<void> {
    const order = [...this.endpoints].sort((a, b) => Number(this.eligible(b)) - Number(this.eligible(a)));
    let reason: unknown = new Error(`${this.name}: no instances`);
    for (const endpoint of order) {
      try {
        await this.probe(endpoint);
        return;
      } catch (error) {
        reason = error;
      }
    }
    throw reason;
  }

  snapshot(): EndpointSnapshot[] {
    return this.endpoints.map((endpoint) => ({
      url: endpoint.url,
      state: this.stateOf(endpoint),
      pending: endpoint.pending,
      ejections: endpoint.ejections,
    }));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    if (this.options.metrics) balancedPools.get(this.options.metrics)?.delete(this);
    await Promise.all(this.endpoints.map((endpoint) => endpoint.pool.close()));
  }

  private stateOf(endpoint: Endpoint): EndpointState {
    return !endpoint.healthy ? 'unhealthy' : endpoint.ejectedUntil > Date.now() ? 'ejected' : 'healthy';
  }

  private eligible(endpoint: Endpoint): boolean {
    return endpoint.healthy && endpoint.ejectedUntil <= Date.now();
  }

  private choose(tried: ReadonlySet<Endpoint>): Endpoint | undefined {
    const endpoints = this.endpoints;
    const exclude = new Set(endpoints.flatMap((endpoint, index) => (tried.has(endpoint) ? [index] : [])));
    const index = chooseEndpoint(
      endpoints.map((endpoint) => ({ pending: endpoint.pending, eligible: this.eligible(endpoint) })),
      this.cursor,
      exclude,
    );
    if (index < 0) return undefined;
    this.cursor = index;
    return endpoints[index];
  }

  private eject(endpoint: Endpoint): void {
    endpoint.consecutiveFailures += 1;
    const base = this.options.ejectBaseMs ?? 1_000;
    const pause = Math.min(this.options.ejectMaxMs ?? 30_000, base * 2 ** (endpoint.consecutiveFailures - 1));
    // Already out: the failures of requests that were in flight when it went down do not lengthen it.
    if (endpoint.ejectedUntil > Date.now()) return;
    endpoint.ejectedUntil = Date.now() + pause;
    endpoint.ejections += 1;
    this.metrics?.ejections.inc({ upstream: this.name, reason: 'connection' });
  }

  private async probe(endpoint: Endpoint): Promise<void> {
    const timeout = this.options.healthTimeoutMs ?? 1_000;
    const response = await endpoint.pool.request({
      method: 'GET',
      path: this.options.healthPath ?? '/health/ready',
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`${this.name} is not ready (${response.statusCode})`);
  }

  /** One round of active checks; with a single instance there is nothing to choose between, so none run. */
  private checkAll(): void {
    if (this.endpoints.length < 2) return;
    for (const endpoint of this.endpoints) {
      if (endpoint.checking) continue;
      endpoint.checking = true;
      this.probe(endpoint).then(
        () => {
          endpoint.checking = false;
          endpoint.healthy = true;
          // Evidence it answers again: back in rotation at once, its failure streak forgotten.
          endpoint.ejectedUntil = 0;
          endpoint.consecutiveFailures = 0;
        },
        () => {
          endpoint.checking = false;
          if (endpoint.healthy) this.metrics?.ejections.inc({ upstream: this.name, reason: 'health' });
          endpoint.healthy = false;
        },
      );
    }
  }
}
