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
  async request(request: BalancedRequest, options: { idempotent?: boolean } = {}): Promise<BalancedResponse> {
    const parent = context.active();
    const span = currentTracer(parent).startSpan(
      `${request.method} ${this.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'url.path': request.path.split('?')[0],
          'bazaar.upstream': this.name,
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
      const response = await this.send(traced, options);
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

  private async send(request: BalancedRequest, options: { idempotent?: boolean }): Promise<BalancedResponse> {
    const tried = new Set<Endpoint>();
    let lastError: unknown;
    for (;;) {
      const endpoint = this.choose(tried);
      if (!endpoint) throw lastError ?? new Error(`${this.name}: no instances`);
      tried.add(endpoint);
      endpoint.pending += 1;
      try {
        const response = await endpoint.pool.request(request);
        endpoint.consecutiveFailures = 0;
        return Object.assign(response, { endpoint: endpoint.url });
      } catch (error) {
        lastError = error;
        const code = codeOf(error);
        const lost = CONNECTION_LOST.has(code);
        if (!NOT_SENT.has(code) && !lost) throw error;
        this.eject(endpoint);
        if (lost && !options.idempotent) throw error;
        if (request.signal && (request.signal as AbortSignal).aborted) throw error;
        this.metrics?.failovers.inc({ upstream: this.name });
      } finally {
        endpoint.pending -= 1;
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
      state: !endpoint.healthy ? 'unhealthy' : endpoint.ejectedUntil > Date.now() ? 'ejected' : 'healthy',
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
