import { isRecord } from '../normalize-objects.ts';
import { ChatwootApiError, type ChatwootErrorKind } from './chatwoot-error.ts';

/** Chatwoot's error text is one sentence; anything longer is a page we should not paste into logs. */
const MAX_MESSAGE_CHARS = 300;

/**
 * Chatwoot's HTTP status → error kind. Chatwoot answers a Pundit refusal with **401**
 * `"You are not authorized to do this action"`: that is a permission problem, not a bad token.
 */
export function kindForStatus(status: number, chatwootMessage?: string): ChatwootErrorKind {
  if (status === 401) return chatwootMessage && /not authori[sz]ed/i.test(chatwootMessage) ? 'forbidden' : 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'unprocessable';
  return 'bad_response';
}

/** The human sentence in a Chatwoot error body: `{"error"}`, `{"message"}`, `{"errors":[…]}`, `{"description"}`. */
export function extractChatwootMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return clip(body.trim()) || undefined;
  if (!isRecord(body)) return undefined;
  const { error, message, errors, description } = body;
  if (typeof error === 'string' && error) return clip(error);
  if (isRecord(error) && typeof error['message'] === 'string') return clip(error['message']);
  if (typeof message === 'string' && message) return clip(message);
  if (Array.isArray(errors) && errors.length > 0) return clip(errors.map(describeError).filter(Boolean).join('; ')) || undefined;
  // Rails model errors: {"errors": {"email": ["has already been taken"]}}
  if (isRecord(errors)) {
    const parts = Object.entries(errors).map(([field, value]) => `${field} ${Array.isArray(value) ? value.join(', ') : String(value)}`);
    return clip(parts.join('; ')) || undefined;
  }
  if (typeof description === 'string' && description) return clip(description);
  return undefined;
}

function describeError(item: unknown): string {
  if (typeof item === 'string') return item;
  if (!isRecord(item)) return '';
  const message = typeof item['message'] === 'string' ? item['message'] : '';
  const field = typeof item['field'] === 'string' ? item['field'] : '';
  return field && message && !message.startsWith(field) ? `${field}: ${message}` : message || field;
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (relative to `nowMs`). */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface HttpFailure {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body text. */
  text: string;
  nowMs: number;
}

/** A non-2xx answer → {@link ChatwootApiError}. */
export function errorFromResponse(failure: HttpFailure): ChatwootApiError {
  const { method, path, status, headers, text } = failure;
  const contentType = headerValue(headers['content-type']);
  const body = parseJsonOrUndefined(text);
  // HTML error pages (proxies, Rails' 500.html) say nothing useful; plain text usually does.
  const chatwootMessage =
    body !== undefined ? extractChatwootMessage(body) : /^text\/plain/i.test(contentType ?? '') ? extractChatwootMessage(text) : undefined;
  const kind = kindForStatus(status, chatwootMessage);
  const retryAfterMs = parseRetryAfter(headers['retry-after'], failure.nowMs);
  let detail: string | undefined;
  let hint: string | undefined;
  if (status >= 300 && status < 400) {
    const location = safeLocation(headerValue(headers['location']));
    detail = location ? `redirected to ${location}` : 'redirected';
    hint = 'set CHATWOOT_URL to the final address (https? trailing path?)';
  } else if (!chatwootMessage) {
    detail = contentType ? `no Chatwoot error message (${contentType.split(';')[0]})` : undefined;
  }
  return new ChatwootApiError({
    kind,
    method,
    path,
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(chatwootMessage !== undefined ? { chatwootMessage } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(hint !== undefined ? { hint } : {}),
  });
}

/**
 * The hint for an answer from Chatwoot that Switchboard could not read (valid JSON of another
 * shape, JSON cut short): said plainly, without sending the operator to CHATWOOT_URL, which is
 * for answers that look like another server (HTML, a wrong content type).
 */
export const UNREADABLE_HINT = 'Switchboard could not read this answer from Chatwoot (an unexpected shape; is this Chatwoot version supported?)';

/**
 * A 2xx answer whose body is not the JSON we expected. Without `hint`, the default points at
 * CHATWOOT_URL: for answers that look like another server. Pass {@link UNREADABLE_HINT} when
 * Chatwoot answered with JSON this client cannot read.
 */
export function badResponse(method: string, path: string, status: number | undefined, detail: string, hint?: string): ChatwootApiError {
  return new ChatwootApiError({ kind: 'bad_response', method, path, ...(status !== undefined ? { status } : {}), detail, ...(hint !== undefined ? { hint } : {}) });
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseJsonOrUndefined(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Only origin and path of a redirect target: a query string could carry anything. */
function safeLocation(location: string | undefined): string | undefined {
  if (!location) return undefined;
  try {
    const url = new URL(location, 'http://relative.invalid');
    return url.origin === 'http://relative.invalid' ? url.pathname : `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}
