import type { TokenVerifier } from '@bazaar/auth';
import { type RunningService, type ServiceDefinition, startService } from '@bazaar/service-host';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from './databases.js';

/**
 * Starts one service on the real test server in databases of its own; `close()` stops it and drops them.
 */
export async function startTestService(
  definition: ServiceDefinition,
  options: { tokens?: TokenVerifier; env?: NodeJS.ProcessEnv; serverUrl?: string; prefix?: string } = {},
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
  });
  return Object.assign(running, {
    prefix,
    async close() {
      await running.stop();
      if (!options.prefix) await dropDatabasesWithPrefix(serverUrl, prefix);
    },
  });
}
