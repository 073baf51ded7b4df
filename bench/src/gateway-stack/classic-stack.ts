import { createPublicKey, type KeyObject } from 'node:crypto';
import { Agent, type Server } from 'node:http';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { createProxyMiddleware } from 'http-proxy-middleware';
import jwt from 'jsonwebtoken';

/** The key the classic stack verifies with: RS256 (jsonwebtoken has no EdDSA), fetched once at start. */
export async function classicPublicKey(jwksUrl: string): Promise<KeyObject> {
  const response = await fetch(jwksUrl);
  const { keys } = (await response.json()) as { keys: (Record<string, string> & { alg?: string })[] };
  const jwk = keys.find((key) => key.alg === 'RS256');
  if (!jwk) throw new Error(`no RS256 key at ${jwksUrl}`);
  return createPublicKey({ key: jwk, format: 'jwk' });
}

/**
 * Baseline (d): the Node gateway as it is classically written. Express 5, express-rate-limit 8 (in-memory
 * store, one counter per client address, a limit that never refuses), jsonwebtoken checking the bearer
 * token's signature, issuer and audience on every /api request, and http-proxy-middleware 3 forwarding
 * over a keep-alive agent with as many sockets as the gateway's pool.
 */
export function classicStack(options: {
  upstreamUrl: string;
  publicKey: KeyObject;
  issuer: string;
  audience: string;
  connections: number;
}): { listen(port: number): Promise<Server> } {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    rateLimit({ windowMs: 60_000, limit: 1_000_000_000, standardHeaders: 'draft-8', legacyHeaders: false }),
  );
  app.use('/api', (request, response, next) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    try {
      if (!token) throw new Error('no bearer token');
      jwt.verify(token, options.publicKey, {
        algorithms: ['RS256'],
        issuer: options.issuer,
        audience: options.audience,
      });
    } catch {
      response.status(401).json({ error: 'invalid token' });
      return;
    }
    next();
  });
  app.use(
    createProxyMiddleware({
      target: options.upstreamUrl,
      changeOrigin: true,
      agent: new Agent({ keepAlive: true, maxSockets: options.connections }),
    }),
  );
  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        const server = app.listen(port, '127.0.0.1', (error?: Error) => {
          if (error) reject(error);
          else resolve(server);
        });
        server.keepAliveTimeout = 120_000;
      }),
  };
}
