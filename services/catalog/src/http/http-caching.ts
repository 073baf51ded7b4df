/** A strong ETag for one version of a product's representation (every change bumps the version). */
export function etagOf(product: { id: string; version: number }): string {
  return `"${product.id}.${product.version}"`;
}

/**
 * Whether `If-None-Match` matches the current ETag (RFC 9110 §13.1.2: `*`, or a list compared weakly, so
 * `W/"x"` matches `"x"`): then the answer is 304 without a body.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === wanted);
}

/** Whether the caller asked for a read that skips caches (`Cache-Control: no-cache`, or `Pragma: no-cache`). */
export function wantsFreshRead(cacheControl: string | undefined, pragma?: string): boolean {
  const directives = (cacheControl ?? '').split(',').map((d) => d.trim().toLowerCase());
  if (directives.some((d) => d === 'no-cache' || d === 'max-age=0')) return true;
  return cacheControl === undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(pragma ?? '');
}

export function cacheControlFor(maxAgeSeconds: number): string {
  return maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : 'no-cache';
}
