import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
/** Every schema of the contract by name, for example `Schemas['Problem']`. */
export type Schemas = components['schemas'];
/** An RFC 9457 problem, the body of every error response. */
export type Problem = components['schemas']['Problem'];
export type BazaarClient = Client<paths>;
export type { Middleware };

export interface BazaarClientOptions {
  /** Where Bazaar's gateway listens, for example http://localhost:8080. */
  baseUrl: string;
  /** An access token from logIn, or a function that returns the current one; sent as a bearer token. */
  token?: string | (() => string | undefined);
  /** Another fetch (one with its own connection pool, say); the global fetch by default. */
  fetch?: ClientOptions['fetch'];
  /** Runs around every request, in order (openapi-fetch middleware). */
  middleware?: readonly Middleware[];
}

/**
 * A typed client of Bazaar's public API: paths, parameters, bodies and responses come from the committed
 * OpenAPI contract, so a call the contract does not allow does not compile.
 *
 *   const bazaar = createBazaarClient({ baseUrl: 'http://localhost:8080' });
 *   const { data, error } = await bazaar.GET('/api/products', { params: { query: { limit: 5 } } });
 */
export function createBazaarClient(options: BazaarClientOptions): BazaarClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token } = options;
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        const current = typeof token === 'function' ? token() : token;
        if (current && !request.headers.has('authorization'))
          request.headers.set('authorization', `Bearer ${current}`);
        return request;
      },
    });
  }
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}

/** Headers that authenticate one call as the holder of `token`, for a client shared by many callers. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
