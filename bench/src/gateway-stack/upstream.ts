/**
 * The trivial upstream every row of the gateway-stack bench proxies to (child process entry): a plain
 * node:http server that looks enough like a Bazaar service for the gateway to start and route to it —
 * `/health/ready`, an empty `/openapi.json`, the bench's signing keys at `/.well-known/jwks.json` — and
 * answers every other GET with the small JSON body of `GET /api/users/me`.
 * Env: BENCH_PORT, BENCH_JWKS (the public key set as JSON).
 */
import { createServer, type ServerResponse } from 'node:http';
import { announce, stopOnTerminate } from './child.js';

const USER_BODY = JSON.stringify({
  id: '0195f1a8-7c2e-7d4b-9a51-3f0c2b6e8d10',
  email: 'bench@example.com',
  name: 'Load Tester',
  role: 'customer',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const OPENAPI = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'bench upstream', version: '0.0.0' },
  paths: {},
  components: { schemas: {}, responses: {} },
  tags: [],
});

const fixed = (status: number, body: string) => {
  const bytes = Buffer.from(body);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length };
  return (response: ServerResponse) => response.writeHead(status, headers).end(bytes);
};

const answers: Record<string, (response: ServerResponse) => void> = {
  '/health/ready': fixed(200, '{"status":"ready"}'),
  '/health/live': fixed(200, '{"status":"live"}'),
  '/openapi.json': fixed(200, OPENAPI),
  '/.well-known/jwks.json': fixed(200, process.env.BENCH_JWKS ?? '{"keys":[]}'),
};
const user = fixed(200, USER_BODY);
const notFound = fixed(404, '{"status":404,"title":"Not found"}');

const server = createServer((request, response) => {
  request.resume();
  const path = request.url!.split('?')[0]!;
  const answer = answers[path] ?? (path.startsWith('/api/') ? user : notFound);
  answer(response);
});
// Longer than any client's idle time, so pools keep their connections between the bench's phases.
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  stopOnTerminate(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  announce(`http://127.0.0.1:${port}`);
});
