import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// OWASP's scrypt floor (N=2^17 is recommended for new systems; 2^15 keeps a login near 50 ms on small
// machines while staying far above what GPUs crack cheaply). Parameters are stored with each hash.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * scrypt keys HMAC-SHA256 with the password, and HMAC pads short keys with zero bytes: "secret" and
 * "secret\u0000" derive the same key. Passwords with U+0000 are therefore never hashed nor matched (the
 * HTTP edge refuses the character anyway), so two passwords that differ are never equal here.
 */
export class UnhashablePasswordError extends Error {
  constructor() {
    super('a password must not contain U+0000');
  }
}

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` with base64url salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  if (password.includes('\u0000')) throw new UnhashablePasswordError();
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  if (password.includes('\u0000')) {
    // Same work as a real check, so the answer takes as long as any other wrong password's.
    await derive('', Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Checked against when the email is unknown, so a login for a missing account costs as much as one for an
 * existing account and response times do not reveal which emails are registered.
 */
let unknownUserHashing: Promise<string> | undefined;
export function unknownUserHash(): Promise<string> {
  unknownUserHashing ??= hashPassword(randomBytes(16).toString('base64url'));
  return unknownUserHashing;
}
// Begun at load on libuv's thread pool, but not awaited there: start-up does not wait ~0.15 s for it.
void unknownUserHash();
