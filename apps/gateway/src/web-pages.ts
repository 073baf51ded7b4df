import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { problems } from '@bazaar/problem';
import type { ServiceApp } from '@bazaar/service-host';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';

// The web shop (`/`) and the operations console (`/ops`): static files built from apps/web by
// scripts/build.mjs. The pages call the public and admin API like any client; nothing here reaches past it.
// The same path resolves from src and from dist (and inside the CLI's bundle), as for the migrations.
const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** What the pages may load: their own scripts and styles, nothing inline, nothing from elsewhere. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGES = { '/': 'shop.html', '/ops': 'ops.html' } as const;

function securityHeaders(reply: FastifyReply) {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export async function webPages(app: ServiceApp): Promise<void> {
  for (const [url, file] of Object.entries(PAGES)) {
    app.route({
      method: ['GET', 'HEAD'],
      url,
      schema: { hide: true },
      async handler(_request, reply) {
        let html: string;
        try {
          html = await readFile(`${DIST}${file}`, 'utf8');
        } catch {
          throw problems.serviceUnavailable('The web pages are not built: run `npm run build`.');
        }
        // The page names this build's hashed assets: always revalidated, while the assets are kept a year.
        return securityHeaders(reply)
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .send(html);
      },
    });
  }
  // Content-hashed names: a new build has new names, so a browser may keep these for good. The build writes
  // gzip and Brotli copies beside each file; a browser that accepts one gets it.
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      securityHeaders(reply);
    });
    await scope.register(fastifyStatic, {
      root: `${DIST}assets`,
      prefix: '/assets/',
      decorateReply: false,
      schemaHide: true,
      maxAge: '365d',
      immutable: true,
      preCompressed: true,
      index: false,
      list: false,
      dotfiles: 'deny',
    });
  });
}
