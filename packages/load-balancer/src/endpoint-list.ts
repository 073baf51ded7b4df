/**
 * A comma-separated list of base URLs (`http://a:8080,http://b:8080`) as origins, in order, without
 * duplicates; throws naming the bad entry. One URL, the common case, is a list of one.
 */
export function parseEndpointList(value: string): string[] {
  const origins: string[] = [];
  for (const entry of value.split(',')) {
    const text = entry.trim();
    if (!text) continue;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`'${text}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`'${text}' is not an http(s) URL`);
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
      throw new Error(`'${text}' has a path: give the service's base URL only`);
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  if (origins.length === 0) throw new Error('no URL given');
  return origins;
}

/** The JSON schema pattern config schemas use for such a list. */
export const ENDPOINT_LIST_PATTERN = '^https?://[^,\\s]+(\\s*,\\s*https?://[^,\\s]+)*$';
