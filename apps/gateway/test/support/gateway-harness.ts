import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, TOKEN_ALGORITHM } from '@bazaar/auth';
import { type RunningService, startService } from '@bazaar/service-host';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Agent, request } from 'undici';
import { gatewayService } from '../../src/gateway.js';

/** How the stand-in answers one request; the default is 200 `{ok:true}`. */
export interface Answer {
  status?: number;
  body?: unknown;
  delayMs?: number;
  contentType?: string;
}

/**
 * A stand-in for every upstream, a real HTTP server: identity's JWKS, readiness, and whatever `behave`
 * says for anything else (200 `{ok:true}` unless told otherwise), counting the calls that reach it, so the
 * suites see exactly what the gateway sends on.
 */
export async function fakeUpstream() {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM }] };
  const received: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];
  let behave: (request: IncomingMessage) => Answer = () => ({});
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const own = req.url === '/.well-known/jwks.json' || req.url?.startsWith('/health');
      if (!own) received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const answer = own ? {} : behave(req);
      if (answer.delayMs) await sleep(answer.delayMs);
      if (res.destroyed) return;
      res.statusCode = answer.status ?? 200;
      res.setHeader('content-type', answer.contentType ?? 'application/json');
      res.end(JSON.stringify(req.url === '/.well-known/jwks.json' ? jwks : (answer.body ?? { ok: true })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const sign = (userId: string, role: 'customer' | 'admin') =>
    new SignJWT({ role, email: `${userId}@example.com` })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid })
      .setSubject(userId)
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  return {
    url,
    received,
    /** Calls that reached the stand-in (not its JWKS or health) whose path starts with `prefix`. */
    hits: (prefix = '/') => received.filter((entry) => entry.url.startsWith(prefix)).length,
    behave(next: (request: IncomingMessage) => Answer) {
      behave = next;
    },
    reset() {
      behave = () => ({});
      received.length = 0;
    },
    token: (userId: string) => sign(userId, 'customer'),
    adminToken: (userId: string) => sign(userId, 'admin'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeUpstream = Awaited<ReturnType<typeof fakeUpstream>>;

export const UPSTREAM_VARIABLES = [
  'IDENTITY_URL',
  'CATALOG_URL',
  'ORDERING_URL',
  'NOTIFICATION_URL',
  'INVENTORY_URL',
  'PAYMENT_URL',
  'SHIPPING_URL',
  'ANALYTICS_URL',
];

/** The real gateway in this process, every upstream pointed at the stand-in. */
export function gateway(
  upstream: FakeUpstream,
  env: Record<string, string>,
  options: { logLevel?: 'silent' | 'info' } = {},
): Promise<RunningService> {
  const urls = Object.fromEntries(UPSTREAM_VARIABLES.map((variable) => [variable, upstream.url]));
  return startService(gatewayService, {
    port: 0,
    logLevel: options.logLevel ?? (process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent',
    env: { ...urls, ...env },
  });
}

// Calls from other loopback addresses (127.0.0.0/8 is all this machine) are other clients to the gateway.
const agents = new Map<string, Agent>();
const from = (address: string) => {
  let agent = agents.get(address);
  if (!agent) {
    agent = new Agent({ localAddress: address });
    agents.set(address, agent);
  }
  return agent;
};

export const closeAgents = () => Promise.all([...agents.values()].map((agent) => agent.close()));

export async function call(
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { token?: string; body?: unknown; address?: string; headers?: Record<string, string> } = {},
) {
  const response = await request(`${base}${path}`, {
    method,
    dispatcher: from(options.address ?? '127.0.0.1'),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.body.text();
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const json = /json/.test(header('content-type') ?? '');
  return { status: response.statusCode, header, body: text && json ? JSON.parse(text) : undefined, text };
}

export async function metric(base: string, line: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return found === undefined ? undefined : Number(found.split(' ').at(-1));
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting until ${what}`);
}
