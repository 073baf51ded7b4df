import { createTokenVerifier, remoteKeySet } from '@bazaar/auth';
import { loadConfig } from '@bazaar/config';
import { EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import { endpointsFor } from '@bazaar/load-balancer';
import { ProblemError, problems } from '@bazaar/problem';
import { guardFetch, UpstreamPolicies, upstreamPolicies } from '@bazaar/resilience';
import {
  type Authenticator,
  DEFAULT_BODY_LIMIT,
  defineService,
  type OpenApiDocument,
  type ServiceApp,
} from '@bazaar/service-host';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { decorateRequestsForAccessLog, registerAccessLog } from './access-log.js';
import { eventsRoute } from './admin/events-route.js';
import { type InvariantChecker, invariantsRoute } from './admin/invariants-route.js';
import { metricsRoute } from './admin/metrics-route.js';
import { answerSiblingSwitches, resilienceRoute } from './admin/resilience-route.js';
import { answerSiblingTraceQueries, tracesRoutes } from './admin/traces-route.js';
import { dashboardRoute } from './bff/dashboard.js';
import { GatewayConfig } from './config.js';
import { mergedOpenApi } from './docs/merged-openapi.js';
import { BAZAAR_VERSION } from './docs/version.js';
import { createUpstream, type Upstream } from './proxy/upstream.js';
import { createRateLimiter } from './rate-limit/limiter.js';
import { parsePolicies } from './rate-limit/policy.js';
import { decideRoute, type UpstreamName } from './routing/route-table.js';
import { webPages } from './web-pages.js';

const badPath = () =>
  new ProblemError(
    'bad-path',
    400,
    'Path is not accepted',
    'Paths with dot segments, empty segments or encoded slashes are refused.',
  );

function methodNotAllowed(method: string, allowed: readonly string[]) {
  return new ProblemError(
    'method-not-allowed',
    405,
    'Method not allowed',
    `${method} is not supported here.`,
    {},
    {
      allow: allowed.join(', '),
    },
  );
}

async function route(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: Authenticator,
  upstreams: Record<UpstreamName, Upstream>,
): Promise<FastifyReply> {
  const decision = decideRoute(request.method, request.url.split('?')[0]!);
  switch (decision.kind) {
    case 'bad-path':
      throw badPath();
    case 'not-found':
      throw problems.notFound(`No route for ${request.method} ${request.url.split('?')[0]}.`);
    case 'method-not-allowed':
      throw methodNotAllowed(request.method, decision.allowed);
    case 'forward':
      request.routeGroup = decision.rule;
      // The proxy's one route is `/api/*`: the span is named by the rule that matched instead.
      request.span
        ?.updateName(`${request.method} ${decision.rule}`)
        .setAttribute('http.route', decision.rule);
      // Rejected at the edge so a bad token never costs an upstream call; the upstream verifies again.
      if (decision.requiresToken) await auth.user(request);
      return upstreams[decision.upstream].forward(request, reply, { aroundPolicy: decision.aroundPolicy });
  }
}

function registerRoutes(app: ServiceApp, auth: Authenticator, upstreams: Record<UpstreamName, Upstream>) {
  // The gateway forwards bodies as bytes: the owning service parses and validates them. The size limit
  // still applies here, so an oversized body never travels further.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: DEFAULT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  const handler = (request: FastifyRequest, reply: FastifyReply) => route(request, reply, auth, upstreams);
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/*',
    handler,
    schema: { hide: true },
  });
  app.route({ method: ['GET', 'HEAD'], url: '/.well-known/jwks.json', handler, schema: { hide: true } });
}

/** What the host may hand the gateway beyond its configuration. */
export interface GatewayOperations {
  /** Checks DESIGN.md §6 over the services' databases, for POST /api/admin/invariants (else it answers 503). */
  checkInvariants?: InvariantChecker;
}

/** The gateway, with what its host gives it (see GatewayOperations). */
export const gatewayServiceWith = (operations: GatewayOperations = {}) =>
  defineService({
    name: 'gateway',
    description:
      'The single entry point: routing, token verification, upstream pools and the merged API document.',
    openApi: 'none',
    async start(context) {
      const config = loadConfig(GatewayConfig, context.env);
      const rateLimits = parsePolicies(config.RATE_LIMITS);
      // Timeout, breaker, bulkhead and retries per upstream, from UPSTREAM_POLICIES (shared by the proxy, the
      // BFF parts and the key fetches, so each sees its upstream as a whole).
      const policies = new UpstreamPolicies(
        upstreamPolicies(context.env, { timeoutMs: config.UPSTREAM_TIMEOUT_MS }),
        context.metrics,
      );
      // Each upstream's instances: the configured list, kept current from ENDPOINTS_FILE in a local cluster.
      const upstream = (name: UpstreamName, urls: string) =>
        createUpstream(name, endpointsFor(name, urls, context.env), {
          connections: config.UPSTREAM_CONNECTIONS,
          metrics: context.metrics,
          policy: policies.for(name),
        });
      const upstreams: Record<UpstreamName, Upstream> = {
        identity: upstream('identity', config.IDENTITY_URL),
        catalog: upstream('catalog', config.CATALOG_URL),
        ordering: upstream('ordering', config.ORDERING_URL),
        notification: upstream('notification', config.NOTIFICATION_URL),
        inventory: upstream('inventory', config.INVENTORY_URL),
        payment: upstream('payment', config.PAYMENT_URL),
        shipping: upstream('shipping', config.SHIPPING_URL),
        analytics: upstream('analytics', config.ANALYTICS_URL),
      };
      const tokens = createTokenVerifier({
        // Fetched from an instance of identity through the same balanced pool as the proxied calls.
        keys: remoteKeySet('http://identity/.well-known/jwks.json', {
          guard: guardFetch(policies.for('identity')),
          fetch: upstreams.identity.fetch,
        }),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        cacheSize: config.TOKEN_CACHE_SIZE,
      });
      new Gauge({
        name: 'gateway_token_cache_entries',
        help: 'Verified tokens held in the cache',
        registers: [context.metrics],
        collect() {
          this.set(tokens.cacheStats.size);
        },
      });
      const cacheLookups = new Gauge({
        name: 'gateway_token_cache_lookups',
        help: 'Token cache lookups since start, by result (hit skips the signature check)',
        labelNames: ['result'] as const,
        registers: [context.metrics],
        collect() {
          cacheLookups.set({ result: 'hit' }, tokens.cacheStats.hits);
          cacheLookups.set({ result: 'miss' }, tokens.cacheStats.misses);
        },
      });
      const limiter = createRateLimiter({
        policies: rateLimits,
        redisUrl: config.REDIS_URL,
        keyPrefix: config.BAZAAR_DB_PREFIX,
        metrics: context.metrics,
        log: context.log,
      });
      // The first requests are counted in Redis already when it answers within a second.
      if (config.REDIS_URL && (await limiter.ready))
        context.log.info('rate limits: counters shared in Redis');
      let flushAccessLog = () => {};
      let ownDocument: (() => OpenApiDocument) | undefined;
      const docs = mergedOpenApi(
        () => {
          if (!ownDocument) throw new Error('the gateway has not registered its routes yet');
          return ownDocument();
        },
        Object.values(upstreams),
        BAZAAR_VERSION,
      );
      const asyncApi = EVENTS.asyncApi(
        {
          title: 'Bazaar events',
          version: BAZAAR_VERSION,
          description:
            'Every event the services publish (CloudEvents 1.0, structured JSON) and who receives it.',
        },
        SUBSCRIPTIONS,
      );

      return {
        tokens,
        dependencies: Object.values(upstreams).map((upstream) => ({
          name: upstream.name,
          check: upstream.checkReady,
        })),
        async routes(app, auth) {
          ownDocument = () => app.openApiDocument();
          decorateRequestsForAccessLog(app);
          if (config.ACCESS_LOG === 'on') flushAccessLog = registerAccessLog(app, context.logging);
          // Before any route: a refused request costs no upstream call (and the login e-mail is in the body).
          app.addHook('preHandler', (request, reply) => limiter.check(request, reply, auth));
          app.get('/openapi.json', { schema: { hide: true } }, () => docs.document());
          app.get('/asyncapi.json', { schema: { hide: true } }, () => asyncApi);
          await app.register(swaggerUi, {
            routePrefix: '/docs',
            uiHooks: {
              onRequest: async () => {
                await docs.document();
              },
            },
            transformSpecification: (own) => docs.latest() ?? own,
          });
          dashboardRoute(app, auth, upstreams, {
            partTimeoutMs: config.DASHBOARD_PART_TIMEOUT_MS,
            recent: 5,
          });
          const protections = { limiter, shedder: context.loadShedding, policies };
          resilienceRoute(app, auth, protections, context.siblingWorkers);
          answerSiblingSwitches(context.siblingWorkers, protections);
          tracesRoutes(app, auth, Object.values(upstreams), context.tracing, context.siblingWorkers);
          answerSiblingTraceQueries(context.siblingWorkers, context.tracing);
          metricsRoute(app, auth, upstreams);
          eventsRoute(app, auth, Object.values(upstreams));
          invariantsRoute(app, auth, operations.checkInvariants);
          registerRoutes(app, auth, upstreams);
          await webPages(app);
        },
        async stop() {
          await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
          await limiter.close();
          flushAccessLog();
        },
      };
    },
  });

export const gatewayService = gatewayServiceWith();
