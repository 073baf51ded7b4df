import { createPool, databaseUrlFor, ensureDatabase } from '@bazaar/postgres';
import { installMessageStore } from './install.js';
import type { MessagingMetrics } from './metrics.js';
import type { Transport } from './transport.js';
import { postgresMessageStore } from './transports/postgres-message-store.js';
import { rabbitMqTransport } from './transports/rabbitmq.js';

export type TransportSettings =
  /** `namespace` prefixes the exchange and queue names, so systems sharing a broker stay apart. */
  | { kind: 'rabbitmq'; url: string; namespace: string }
  /** The PostgreSQL message store in `database` on the server of `serverUrl` (created if missing). */
  | {
      kind: 'postgres';
      serverUrl: string;
      database: string;
      poolSize?: number;
      pollMs?: number;
      /** How long a consumer's claim on a delivery lasts; after a crash, its deliveries return then. */
      leaseMs?: number;
    };

/**
 * Picks the transport the way every topology does: RabbitMQ when AMQP_URL is set, else the bus database.
 * The database prefix names the system: `<prefix>_bus` there, `<prefix>.*` exchange and queues on RabbitMQ.
 */
export function transportSettings(options: {
  amqpUrl?: string | undefined;
  databaseServerUrl: string;
  databasePrefix: string;
  leaseMs?: number;
}): TransportSettings {
  return options.amqpUrl
    ? { kind: 'rabbitmq', url: options.amqpUrl, namespace: options.databasePrefix }
    : {
        kind: 'postgres',
        serverUrl: options.databaseServerUrl,
        database: `${options.databasePrefix}_bus`,
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      };
}

/** Opens a transport; the caller closes it. Each service opens its own, as separate processes would. */
export async function connectTransport(
  settings: TransportSettings,
  metrics?: MessagingMetrics,
): Promise<Transport> {
  if (settings.kind === 'rabbitmq')
    return rabbitMqTransport(settings.url, { metrics, namespace: settings.namespace });
  await ensureDatabase(settings.serverUrl, settings.database);
  const db = createPool(databaseUrlFor(settings.serverUrl, settings.database), {
    max: settings.poolSize ?? 4,
    applicationName: 'bazaar-bus',
  });
  try {
    await installMessageStore(db);
  } catch (error) {
    await db.end({ timeout: 1 });
    throw error;
  }
  const store = postgresMessageStore(db, { metrics, pollMs: settings.pollMs, leaseMs: settings.leaseMs });
  return {
    ...store,
    async close() {
      await store.close();
      await db.end({ timeout: 5 });
    },
  };
}
