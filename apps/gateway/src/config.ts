import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@bazaar/auth';
import { ENDPOINT_LIST_PATTERN } from '@bazaar/load-balancer';
import { type Static, Type } from '@sinclair/typebox';

const ServiceUrl = (service: string) =>
  Type.String({
    pattern: ENDPOINT_LIST_PATTERN,
    description: `base URL of the ${service} service, or a comma-separated list of its instances' URLs`,
  });

export const GatewayConfig = Type.Object({
  IDENTITY_URL: ServiceUrl('identity'),
  CATALOG_URL: ServiceUrl('catalog'),
  ORDERING_URL: ServiceUrl('ordering'),
  NOTIFICATION_URL: ServiceUrl('notification'),
  INVENTORY_URL: ServiceUrl('inventory'),
  PAYMENT_URL: ServiceUrl('payment'),
  SHIPPING_URL: ServiceUrl('shipping'),
  ANALYTICS_URL: ServiceUrl('analytics'),
  DASHBOARD_PART_TIMEOUT_MS: Type.Integer({
    minimum: 50,
    maximum: 30_000,
    default: 2_000,
    description: 'BFF: deadline of each part of GET /api/dashboard/:userId',
  }),
  JWT_ISSUER: Type.String({ minLength: 1, default: DEFAULT_ISSUER }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: DEFAULT_AUDIENCE }),
  TOKEN_CACHE_SIZE: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: 10_000,
    description: 'verified tokens kept to skip signature checks; 0 turns the cache off',
  }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    description: "each upstream call's deadline, unless UPSTREAM_POLICIES sets timeoutMs",
  }),
  UPSTREAM_POLICIES: Type.Optional(
    Type.String({
      description:
        'timeout, breaker, bulkhead and retry settings per upstream as JSON, e.g. {"default":{"bulkheadLimit":64},"catalog":{"timeoutMs":2000}}',
    }),
  ),
  ACCESS_LOG: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: "one JSON line per request in the gateway's 'access' log stream (at info level)",
  }),
  UPSTREAM_CONNECTIONS: Type.Integer({
    minimum: 1,
    maximum: 1024,
    default: 64,
    description: 'keep-alive connections per upstream',
  }),
  RATE_LIMITS: Type.Optional(
    Type.String({
      description:
        'rate-limit policies as JSON, e.g. {"default":{"limit":300,"windowSeconds":60}}; policies default, auth, login, login-email, orders',
    }),
  ),
  REDIS_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^rediss?://',
      description: 'share rate-limit counters between gateway instances in this Redis',
    }),
  ),
  BAZAAR_DB_PREFIX: Type.String({
    pattern: '^[a-z][a-z0-9_]{0,40}$',
    default: 'bazaar',
    description: "names one system: its rate-limit keys in Redis are '<prefix>:rl:…'",
  }),
});
export type GatewayConfig = Static<typeof GatewayConfig>;
