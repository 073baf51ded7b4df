import { fileURLToPath } from 'node:url';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@bazaar/auth';
import { LOG_LEVELS } from '@bazaar/config';
import { ENDPOINT_LIST_PATTERN } from '@bazaar/load-balancer';
import { type Static, Type } from '@sinclair/typebox';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const Port = (fallback: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 65_535, default: fallback, description });

const Common = {
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'address the gateway listens on' }),
  DATABASE_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^postgres(ql)?://',
      description: 'a PostgreSQL server to use instead of the embedded one',
    }),
  ),
  AMQP_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^amqps?://',
      description: 'use RabbitMQ as the transport instead of the PostgreSQL message store',
    }),
  ),
  BUS_LEASE_MS: Type.Integer({
    minimum: 500,
    maximum: 3_600_000,
    default: 60_000,
    description:
      "PostgreSQL message store: how long a consumer holds a delivery; a crashed consumer's deliveries return after it",
  }),
  BAZAAR_DB_PREFIX: Type.String({
    pattern: '^[a-z][a-z0-9_]{0,40}$',
    default: 'bazaar',
    description: 'database names are <prefix>_<service>',
  }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
  ),
  LOG_FORMAT: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('pretty')], {
      description: 'json or pretty; unset: pretty in an interactive terminal, JSON lines otherwise',
    }),
  ),
  JWT_ISSUER: Type.String({ minLength: 1, default: DEFAULT_ISSUER }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: DEFAULT_AUDIENCE }),
};

export const SoloConfig = Type.Object({
  ...Common,
  PORT: Port(8080, 'port of the gateway'),
  BAZAAR_DATA_DIR: Type.String({
    minLength: 1,
    default: `${REPO_ROOT}.bazaar`,
    description: "where solo mode keeps embedded PostgreSQL's data",
  }),
  BAZAAR_PG_PORT: Port(0, 'port of the embedded PostgreSQL (0 picks a free one)'),
});
export type SoloConfig = Static<typeof SoloConfig>;

export const ServeConfig = Type.Object({
  ...Common,
  PORT: Port(0, 'port this service listens on'),
  WORKERS: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 1,
    description: 'processes serving the service on one shared port (node:cluster), e.g. 2 on two cores',
  }),
  IDENTITY_URL: Type.Optional(
    Type.String({
      pattern: ENDPOINT_LIST_PATTERN,
      description:
        "identity service base URL (its JWKS verifies tokens), or a comma-separated list of its instances' URLs",
    }),
  ),
});
export type ServeConfig = Static<typeof ServeConfig>;

export const ClusterConfig = Type.Object({
  ...Common,
  PORT: Port(8080, 'port of the gateway (every gateway instance shares it)'),
  BAZAAR_DATA_DIR: SoloConfig.properties.BAZAAR_DATA_DIR,
  BAZAAR_PG_PORT: SoloConfig.properties.BAZAAR_PG_PORT,
  SHUTDOWN_DRAIN_MS: Type.Integer({
    minimum: 0,
    maximum: 120_000,
    default: 2_000,
    description:
      'how long each stopping instance keeps serving while it reports not-ready, so the balancers move away first',
  }),
});
export type ClusterConfig = Static<typeof ClusterConfig>;

export const InvariantsConfig = Type.Object({
  DATABASE_URL: Common.DATABASE_URL,
  BAZAAR_DB_PREFIX: Common.BAZAAR_DB_PREFIX,
  BAZAAR_DATA_DIR: SoloConfig.properties.BAZAAR_DATA_DIR,
});
export type InvariantsConfig = Static<typeof InvariantsConfig>;
