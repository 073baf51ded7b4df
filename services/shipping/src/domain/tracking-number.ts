const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LENGTH = 10;

export const TRACKING_NUMBER = /^BZ[A-Z0-9]{10}$/;

/**
 * `BZ` and ten random upper-case letters or digits: 36^10 (about 3.7 × 10^15) numbers, so a clash is
 * rare enough for the database's unique index to catch it (the command is then retried with a new one).
 * `randomIndex(n)` returns an integer in [0, n); the caller chooses the randomness.
 */
export function trackingNumber(randomIndex: (below: number) => number): string {
  let suffix = '';
  for (let i = 0; i < LENGTH; i++) suffix += ALPHABET[randomIndex(ALPHABET.length)];
  return `BZ${suffix}`;
}
