import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@bazaar/auth';
import { type Static, Type } from '@sinclair/typebox';

export const IdentityConfig = Type.Object({
  ADMIN_EMAIL: Type.String({
    format: 'email',
    default: 'admin@bazaar.local',
    description: 'the seeded admin account',
  }),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 10,
      maxLength: 128,
      description: 'the seeded admin password; generated and logged once if unset',
    }),
  ),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 900 }),
  REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 90 * 86_400, default: 30 * 86_400 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: DEFAULT_ISSUER }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: DEFAULT_AUDIENCE }),
});
export type IdentityConfig = Static<typeof IdentityConfig>;
