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
        operationId: 'registerUser',
        summary: 'Create a customer account',
        description:
          'Creates an account with the customer role and publishes UserRegistered. The email is compared case-insensitively; a password must pass the password policy (the problem lists the reasons).',
        body: RegisterBody,
        response: { 201: User },
      },
      config: { contract: { problems: [409], headers: { 201: ['Location'] } } },
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
        operationId: 'logIn',
        summary: 'Exchange credentials for tokens',
        description:
          'Returns a short-lived access token (a JWT to send as `Authorization: Bearer`) and a refresh token that starts a session. A wrong email or password gives the same 401.',
        body: LoginBody,
        response: { 200: TokenPair },
      },
      config: { contract: { problems: [401] } },
    },
    async (request) => accounts.login(request.body),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        operationId: 'refreshTokens',
        summary: 'Rotate a refresh token; presenting a used one revokes its whole session',
        description:
          'Exchanges a refresh token for a new token pair. Each refresh token works once: presenting one that was already used is taken as theft and revokes every token of its session.',
        body: RefreshBody,
        response: { 200: TokenPair },
      },
      config: { contract: { problems: [401] } },
    },
    async (request) => accounts.refresh(request.body.refreshToken),
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getSigningKeys',
        summary: 'Public keys that verify access tokens',
        description:
          'The JSON Web Key Set of the current and previous signing keys; services verify access tokens with it. Cacheable for five minutes.',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(keys.jwks()),
  );

  app.get(
    '/api/users/me',
    {
      schema: {
        operationId: 'getCurrentUser',
        summary: 'The caller',
        description: 'The account of the user the bearer token belongs to.',
        security: bearer,
        response: { 200: User },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      const caller = await auth.user(request);
      return toJson(await accounts.getUser(caller, caller.userId));
    },
  );

  app.get(
    '/api/users/:id',
    {
      schema: {
        operationId: 'getUser',
        summary: 'A user (self or admin)',
        description:
          "One account. A customer sees only their own; anyone else's is a 404, so ids cannot be probed. Admins see every account.",
        security: bearer,
        params: UserParams,
        response: { 200: User },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => toJson(await accounts.getUser(await auth.user(request), request.params.id)),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        summary: 'Change name or email (self or admin); role (admin only)',
        description:
          "Changes the fields given and publishes UserUpdated. A customer may change their own name and email; only an admin may change a role, and never their own (403). Another customer's account is a 404; an email in use is a 409.",
        security: bearer,
        params: UserParams,
        body: UserPatch,
        response: { 200: User },
      },
      config: { contract: { problems: [403, 404, 409] } },
    },
    async (request) =>
      toJson(await accounts.updateUser(await auth.user(request), request.params.id, request.body)),
  );
}
