import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type Dispatcher, Pool } from 'undici';

// Connection-level fields (RFC 9110 §7.6.1) and host: each hop sets its own.
const PER_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !PER_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

/**
 * Baseline (a): the least a reverse proxy can be. node:http in front of an undici keep-alive pool (as many
 * connections as the gateway's default), method, path, headers and body forwarded, the answer streamed
 * back; no routing, no token check, no limits, no policies, no logs.
 */
export function bareProxy(upstreamUrl: string, connections: number): Server {
  const pool = new Pool(upstreamUrl, { connections, keepAliveTimeout: 60_000 });
  const server = createServer(async (request, response) => {
    try {
      const withBody = request.method !== 'GET' && request.method !== 'HEAD';
      const answer = await pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path: request.url!,
        headers: endToEnd(request.headers),
        body: withBody ? request : null,
      });
      response.writeHead(answer.statusCode, endToEnd(answer.headers));
      // pipe(), not pipeline(): pipeline aborts a signal of its own at the end, an AbortError per request.
      answer.body.on('error', () => response.destroy()).pipe(response);
    } catch {
      if (response.headersSent) response.destroy();
      else response.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 120_000;
  server.on('close', () => void pool.close());
  return server;
}
