import { problems } from '@bazaar/problem';
import type { FastifyInstance } from 'fastify';

const NUL = '\u0000';
const MAX_DEPTH = 64;

/** JSON pointer of the first string (value or key) holding U+0000, or undefined when there is none. */
export function findNulCharacter(value: unknown, pointer = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? pointer || '/' : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || ArrayBuffer.isView(value))
    return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNulCharacter(value[index], `${pointer}/${index}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.includes(NUL)) return at;
    const found = findNulCharacter(item, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses U+0000 anywhere in a request's path parameters, query or JSON body, for every route of the app.
 * PostgreSQL cannot store the character in text or jsonb, so without this it came back as a 500 from
 * whichever statement met it first; and a password hash ignores trailing NULs (HMAC pads its key with
 * zeros), so "secret\0" would log in as "secret". Checked before validation, so no route can forget it.
 */
export function installNulCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Pointers as validation errors name them: body fields bare, the other parts under their name.
    const parts = [
      ['/params', request.params],
      ['/querystring', request.query],
      ['', request.body],
    ] as const;
    for (const [prefix, value] of parts) {
      const found = findNulCharacter(value);
      if (found === undefined) continue;
      const pointer = `${prefix}${found === '/' ? '' : found}` || '/';
      throw problems.validation(`${pointer}: must not contain the character U+0000 (NUL)`, [
        { pointer, detail: 'must not contain U+0000' },
      ]);
    }
  });
}
