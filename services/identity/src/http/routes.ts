import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { Accounts } from '../application/accounts.js';
import type { SigningKeys } from '../application/signing-keys.js';
import type { User as UserRecord } from '../domain/user.js';
import {
  Jwks,
  LoginBody,
  RefreshBody,
  RegisterBody,
  TokenPair,
  User,
  UserParams,
  UserPatch,
} from './schemas.js';

const bearer = [{ bearerAuth: [] }];

function toJson(user: UserRecord) {
  return { ...user, createdAt: user.createdAt.toISOString(), updatedAt: user.updatedAt.toISOString() };
}

export function identityRoutes(
  app: ServiceApp,
  auth: Authenticator,
  accounts: Accounts,
  keys: SigningKeys,
): void {
  app.post(
    '/api/auth/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a customer account',
        body: RegisterBody,
        response: { 201: User },
      },
    },
    async (request, reply) => {
      const user = await accounts.register(request.body);
      return reply.code(201).header('location', `/api/users/${user.id}`).send(toJson(user));
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange credentials for tokens',
        body: LoginBody,
        response: { 200: TokenPair },
      },
    },
    async (request) => accounts.login(request.body),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Rotate a refresh token; presenting a used one revokes its whole session',
        body: RefreshBody,
        response: { 200: TokenPair },
      },
    },
    async (request) => accounts.refresh(request.body.refreshToken),
  );

  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['auth'], summary: 'Public keys that verify access tokens', response: { 200: Jwks } } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(keys.jwks()),
  );

  app.get(
    '/api/users/me',
    { schema: { tags: ['users'], summary: 'The caller', security: bearer, response: { 200: User } } },
    async (request) => {
      const caller = await auth.user(request);
      return toJson(await accounts.getUser(caller, caller.userId));
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'A user (self or admin)',
        security: bearer,
        params: UserParams,
        response: { 200: User },
      },
    },
    async (request) => toJson(await accounts.getUser(await auth.user(request), request.params.id)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change name or email (self or admin); role (admin only)',
        security: bearer,
        params: UserParams,
        body: UserPatch,
        response: { 200: User },
      },
    },
    async (request) =>
      toJson(await accounts.updateUser(await auth.user(request), request.params.id, request.body)),
  );
}
