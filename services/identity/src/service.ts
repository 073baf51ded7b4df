import { fileURLToPath } from 'node:url';
import { createTokenVerifier } from '@bazaar/auth';
import { loadConfig } from '@bazaar/config';
import { EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { accounts } from './application/accounts.js';
import { loadSigningKeys } from './application/signing-keys.js';
import { IdentityConfig } from './config.js';
import { identityRoutes } from './http/routes.js';

export const identityService = defineService({
  name: 'identity',
  description: 'Users, credentials, refresh tokens and the keys that sign access tokens.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 16 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  async start(context) {
    const config = loadConfig(IdentityConfig, context.env);
    const db = requireDb(context);
    const keys = await loadSigningKeys(db, config.JWT_ISSUER, config.JWT_AUDIENCE);
    const useCases = accounts(db, keys, config, requireMessaging(context));

    const admin = await useCases.seedAdmin();
    const notices: string[] = [];
    if (admin.generatedPassword) {
      notices.push(
        `admin        ${admin.email} / ${admin.generatedPassword}   (generated; shown once, set ADMIN_PASSWORD to choose it)`,
      );
      context.log.warn(
        { adminEmail: admin.email },
        `created the admin account ${admin.email} with password ${admin.generatedPassword} (shown once; set ADMIN_PASSWORD to choose it)`,
      );
    }

    return {
      notices,
      tokens: createTokenVerifier({
        keys: keys.keySet(),
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      }),
      routes: (app, auth) => identityRoutes(app, auth, useCases, keys),
    };
  },
});
