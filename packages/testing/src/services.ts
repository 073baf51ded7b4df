import type { TokenVerifier } from '@bazaar/auth';
import { connectTransport, type MessagingMetrics, type Transport } from '@bazaar/messaging';
import { type RunningService, type ServiceDefinition, startService } from '@bazaar/service-host';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from './databases.js';

/**
 * Starts one service on the real test server in databases of its own; `close()` stops it and drops them.
 */
export async function startTestService(
  definition: ServiceDefinition,
  options: {
    tokens?: TokenVerifier;
    env?: NodeJS.ProcessEnv;
    serverUrl?: string;
    prefix?: string;
    /** `true`: the PostgreSQL message store in `<prefix>_bus`; a function: that transport; default none. */
    transport?: true | ((metrics: MessagingMetrics) => Promise<Transport>);
  } = {},
): Promise<RunningService & { close(): Promise<void>; prefix: string }> {
  const serverUrl = options.serverUrl ?? testDatabaseServerUrl();
  const prefix = options.prefix ?? uniqueDatabasePrefix();
  const running = await startService(definition, {
    databaseServerUrl: serverUrl,
    databasePrefix: prefix,
    logLevel: (process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent',
    tokens: options.tokens,
    env: { ADMIN_PASSWORD: 'admin-secret-Passw0rd', ...options.env },
    poolSize: 4,
    ...(options.transport === true
      ? {
          transport: (metrics: MessagingMetrics) =>
            connectTransport(
              { kind: 'postgres', serverUrl, database: `${prefix}_bus`, poolSize: 3, pollMs: 200 },
              metrics,
            ),
        }
      : options.transport
        ? { transport: options.transport }
        : {}),
  });
  return Object.assign(running, {
    prefix,
    async close() {
      await running.stop();
      if (!options.prefix) await dropDatabasesWithPrefix(serverUrl, prefix);
    },
  });
}
