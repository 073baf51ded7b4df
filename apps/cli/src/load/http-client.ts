import { Agent } from 'undici';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/**
 * JSON over HTTP to one Bazaar, on keep-alive connections (many at once: an open-loop load must not queue
 * behind its own client). Answers of any status resolve; only a transport failure rejects.
 */
export function httpClient(baseUrl: string, options: { connections?: number; timeoutMs?: number } = {}) {
  const agent = new Agent({
    connections: options.connections ?? 256,
    pipelining: 1,
    headersTimeout: options.timeoutMs ?? 30_000,
    bodyTimeout: options.timeoutMs ?? 30_000,
  });
  const origin = new URL(baseUrl).origin;

  async function request<T = unknown>(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<JsonResponse<T>> {
    const response = await agent.request({
      origin,
      method,
      path,
      headers: {
        accept: 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  return {
    baseUrl,
    request,
    get: <T = unknown>(path: string, token?: string) => request<T>('GET', path, token ? { token } : {}),
    post: <T = unknown>(path: string, body: unknown, token?: string) =>
      request<T>('POST', path, { body, ...(token ? { token } : {}) }),
    close: () => agent.close(),
  };
}

export type HttpClient = ReturnType<typeof httpClient>;
