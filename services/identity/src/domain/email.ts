/**
 * One address, one account: case and Unicode compatibility forms are folded so `Ann@Example.COM` and
 * `ann@example.com` collide. (Lower-casing the local part is stricter than RFC 5321 allows, and what
 * users expect.)
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
