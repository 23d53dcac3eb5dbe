/**
 * URLs for Chatwoot paths under a base URL that may carry a trailing slash or a path prefix
 * (`https://example.com/chatwoot/`).
 */

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

/** The base without trailing slashes, query or fragment; throws a TypeError for a non-http(s) URL. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`CHATWOOT_URL is not a valid URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`CHATWOOT_URL must be http(s), got ${url.protocol}`);
  }
  if (url.username || url.password) throw new TypeError('CHATWOOT_URL must not contain credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * `?a=1&labels[]=x&labels[]=y`: arrays use Rails' bracket form, as Chatwoot's dashboard sends them;
 * undefined and null values are left out.
 */
export function buildQueryString(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${key}[]=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A positive integer id as a path segment; anything else is a programming error. */
export function idSegment(id: number, what: string): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new TypeError(`${what} must be a positive integer, got ${String(id)}`);
  return String(id);
}
