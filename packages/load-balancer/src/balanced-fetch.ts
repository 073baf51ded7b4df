import type { BalancedPool } from './balanced-pool.js';

/**
 * A `fetch` for GETs that sends each one to an instance of `pool` (the URL's origin is ignored, its path and
 * query kept): for libraries that take a fetch, such as jose's remote key set.
 */
export function balancedFetch(
  pool: BalancedPool,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const response = await pool.request(
      { method: 'GET', path: `${url.pathname}${url.search}`, headers, signal: init.signal ?? undefined },
      { idempotent: true },
    );
    const body = await response.body.arrayBuffer();
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
    }
    return new Response(body, { status: response.statusCode, headers: responseHeaders });
  };
}
