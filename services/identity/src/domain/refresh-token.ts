export interface RefreshTokenRecord {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshTokenState = 'valid' | 'reused' | 'revoked' | 'expired';

/**
 * A refresh token is good once. A second presentation means someone else holds a copy (OAuth 2.0 Security
 * BCP §4.14.2), so reuse is reported apart from plain expiry: the caller revokes the whole family.
 */
export function refreshTokenState(record: RefreshTokenRecord, now: Date): RefreshTokenState {
  if (record.usedAt) return 'reused';
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}
