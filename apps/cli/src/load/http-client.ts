import { type BazaarClient, createBazaarClient, type Middleware } from '@bazaar/client';
import { Agent } from 'undici';

/**
 * The typed client of one Bazaar on a pool of keep-alive connections of its own (many at once: an
 * open-loop load must not queue behind its own client). Answers of any status resolve; only a transport
 * failure rejects.
 */
export function httpClient(
  baseUrl: string,
  options: {
    connections?: number;
    timeoutMs?: number;
    /** How long an idle connection is kept; below a server's drain time, no request meets a closing one. */
    keepAliveTimeoutMs?: number;
    middleware?: readonly Middleware[];
  } = {},
) {
  const agent = new Agent({
    connections: options.connections ?? 256,
    pipelining: 1,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
    ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
  });
  const api: BazaarClient = createBazaarClient({
    baseUrl,
    // Node's fetch takes an undici dispatcher; RequestInit's type does not know the option.
    fetch: (request) => fetch(request, { dispatcher: agent } as unknown as RequestInit),
    ...(options.middleware ? { middleware: options.middleware } : {}),
  });
  return { baseUrl, api, close: () => agent.close() };
}

export type HttpClient = ReturnType<typeof httpClient>;
