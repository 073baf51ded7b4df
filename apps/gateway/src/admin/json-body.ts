import { problems } from '@bazaar/problem';
import type { FastifyRequest } from 'fastify';

/**
 * The gateway takes every body as bytes (it forwards them untouched); its own few admin routes that take a
 * body read it as JSON here, before their schema validates it, with the same problems a service answers.
 */
export async function jsonBody(request: FastifyRequest): Promise<void> {
  if (!Buffer.isBuffer(request.body)) return;
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType))
    throw problems.unsupportedMediaType(contentType.slice(0, 100) || 'none');
  if (request.body.length === 0)
    throw problems.malformedJson('The body is empty but Content-Type is application/json.');
  try {
    request.body = JSON.parse(request.body.toString('utf8'));
  } catch (error) {
    throw problems.malformedJson((error as Error).message);
  }
}
