/** Who issues Bazaar's access tokens and for whom; override with JWT_ISSUER / JWT_AUDIENCE everywhere at once. */
export const DEFAULT_ISSUER = 'urn:bazaar:identity';
export const DEFAULT_AUDIENCE = 'urn:bazaar:api';
