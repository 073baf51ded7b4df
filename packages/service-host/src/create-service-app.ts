import { randomUUID } from 'node:crypto';
import type { TokenVerifier } from '@bazaar/auth';
import { problems } from '@bazaar/problem';
import type { ServiceTracing } from '@bazaar/tracing';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { authenticate } from './authentication.js';
import type { Authenticator, ServiceApp } from './define-service.js';
import { type HealthState, type ReadinessCheck, registerHealthRoutes } from './health.js';
import { installHttpMetrics } from './http-metrics.js';
import { installNulCharacterGuard } from './nul-guard.js';
import {
  checkDocumentedRoute,
  completeServiceDocument,
  type OpenApiDocument,
  type RouteContract,
} from './openapi-contract.js';
import { installProblemHandling, sendClientError, sendFrameworkError } from './problem-handler.js';
import { registerRequestSpans } from './request-spans.js';
import { createValidatorCompiler, lazySerializerFactory } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This service's public contract: the generated OpenAPI document, completed (openapi-contract.ts). */
    openApiDocument(): OpenApiDocument;
  }
}

// The public API the gateway routes to; other routes (health, metrics, a test's own) are not its contract.
const PUBLIC_API = /^\/(api|\.well-known)\//;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServiceAppOptions {
  name: string;
  description: string;
  version?: string;
  logger: Logger;
  bodyLimit?: number;
  /** Include process metrics (CPU, memory, event loop); once per process is enough. */
  processMetrics?: boolean;
  openApi: 'own' | 'none';
  readiness: ReadinessCheck[];
  /** Shown by /health only; filled in by the host once the service has started. */
  dependencies: ReadinessCheck[];
  state: HealthState;
  /** A server span per request; without it requests are not traced. */
  tracing?: ServiceTracing;
}

// Request ids from callers are kept when they look like ids, so a gateway's id follows the request.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdFrom(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * A Fastify app with what every Bazaar HTTP server has: request ids, JSON logs, RFC 9457 problems, strict
 * schema validation, RED metrics at /metrics, health routes and an OpenAPI 3.1 document at /openapi.json.
 */
export async function createServiceApp(
  options: ServiceAppOptions,
): Promise<{ app: ServiceApp; metrics: Registry }> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: requestIdFrom,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Per-request lines only when asked for: at info they would dominate the log of a busy gateway.
      disableRequestLogging: !options.logger.isLevelEnabled('debug'),
    }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // First: every later hook and the handler run inside the request's span.
  if (options.tracing?.enabled) registerRequestSpans(app, options.tracing);
  app.setValidatorCompiler(createValidatorCompiler());
  // A JSON API: text bodies get 415 rather than a confusing schema error.
  app.removeContentTypeParser('text/plain');
  installProblemHandling(app);
  installNulCharacterGuard(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While draining, responses close their connection: a keep-alive socket would otherwise hold the
  // server open until its idle timeout (72 s) after the last request finished.
  app.addHook('onSend', async (_request, reply) => {
    if (options.state.stopping) reply.header('connection', 'close');
  });

  const metrics = new Registry();
  metrics.setDefaultLabels({ service: options.name });
  if (options.processMetrics) collectDefaultMetrics({ register: metrics });
  installHttpMetrics(app, metrics);

  // Every documented route states its operationId, summary and description; the rest of its contract
  // (problems, headers) is derived from its schema and its `config.contract`.
  const contracts = new Map<string, RouteContract>();
  const operationIds = new Set<string>();
  app.addHook('onRoute', (route) => {
    // HEAD routes are Fastify's automatic twins of GET routes; the document leaves them out.
    if (route.schema?.hide || route.method === 'HEAD' || !PUBLIC_API.test(route.url)) return;
    const operationId = checkDocumentedRoute(route as never, operationIds);
    contracts.set(operationId, route.config?.contract ?? {});
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `Bazaar ${options.name}`,
        description: options.description,
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  let document: OpenApiDocument | undefined;
  app.decorate('openApiDocument', () => {
    document ??= completeServiceDocument(
      app.swagger() as unknown as OpenApiDocument,
      { name: options.name, description: options.description },
      contracts,
    );
    return document;
  });
  if (options.openApi === 'own')
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.openApiDocument());
  registerHealthRoutes(app, options.name, options.state, options.readiness, options.dependencies);

  return { app, metrics };
}

export function createAuthenticator(tokens: TokenVerifier): Authenticator {
  return {
    tokens,
    user: (request: FastifyRequest) => authenticate(request, tokens),
    admin: async (request: FastifyRequest) => {
      const principal = await authenticate(request, tokens);
      if (principal.role !== 'admin') throw problems.forbidden('This needs the admin role.');
      return principal;
    },
  };
}
