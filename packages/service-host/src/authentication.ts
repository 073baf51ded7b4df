import type { Principal, TokenVerifier } from '@bazaar/auth';
import { problems } from '@bazaar/problem';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** Reads `Authorization: Bearer <token>`; any other scheme or shape is a 401. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw problems.unauthorized();
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  if (!match) throw problems.unauthorized('Authorization must be "Bearer <token>".');
  return match[1]!;
}

/** The caller's principal, verified; throws a 401 problem when the token is missing or invalid. */
export async function authenticate(request: FastifyRequest, tokens: TokenVerifier): Promise<Principal> {
  if (request.principal) return request.principal;
  const principal = await tokens.verify(bearerToken(request));
  request.principal = principal;
  return principal;
}
