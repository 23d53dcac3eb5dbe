import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { PermanentError, RetryableError } from '../../src/index.ts';

/** Discord error codes after which retrying cannot help. */
const PERMANENT_CODES = new Set([
  10003, // Unknown Channel
  10004, // Unknown Guild
  10008, // Unknown Message
  50001, // Missing Access
  50013, // Missing Permissions
  50035, // Invalid Form Body
  50083, // Thread is archived
  160005, // Thread is locked
]);

type DiscordJsError = DiscordAPIError | HTTPError | RateLimitError;

const isDiscordJsError = (error: unknown): error is DiscordJsError =>
  error instanceof DiscordAPIError || error instanceof HTTPError || error instanceof RateLimitError;

/**
 * Turns what discord.js threw into the outbox's vocabulary: a {@link RetryableError} (with
 * `retryAfterMs` for a rate limit) for 429s and 5xx, a {@link PermanentError} for unknown channels,
 * missing permissions and other 4xx. The discord.js error stays as `cause` ({@link discordCode} reads
 * it); anything else — an error already converted, or our own — is returned as it is, so converting
 * twice changes nothing. Every call in `discord-api.ts` goes through here: the one place Discord's
 * errors are translated.
 *
 * @example
 * try { await rest.post(route, { body }); } catch (error) { throw toOutboxError(error); }
 */
export function toOutboxError(error: unknown): Error {
  if (error instanceof RateLimitError) {
    return new RetryableError(`discord: rate limited on ${error.route}, retry after ${error.retryAfter} ms`, { retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 1), cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const text = `discord: ${error.method.toUpperCase()} ${pathOf(error.url)} → ${error.status} ${error.message} (code ${error.code})`;
    if (error.status === 429 || error.status >= 500) return new RetryableError(text, { cause: error });
    if (PERMANENT_CODES.has(Number(error.code)) || (error.status >= 400 && error.status < 500 && error.status !== 404)) return new PermanentError(text, { cause: error });
    return error.status === 404 ? new PermanentError(text, { cause: error }) : new RetryableError(text, { cause: error });
  }
  if (error instanceof HTTPError) {
    const text = `discord: HTTP ${error.status}`;
    return error.status >= 500 ? new RetryableError(text, { cause: error }) : new PermanentError(text, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The discord.js error behind `error` (itself, or the `cause` {@link toOutboxError} kept). */
function discordJsError(error: unknown): DiscordJsError | undefined {
  if (isDiscordJsError(error)) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return isDiscordJsError(cause) ? cause : undefined;
}

/** The Discord error code of `error`, if it is (or wraps) an API error. */
export function discordCode(error: unknown): number | undefined {
  const original = discordJsError(error);
  return original instanceof DiscordAPIError ? Number(original.code) : undefined;
}

/** The HTTP status Discord answered with, if `error` is (or wraps) an API or HTTP error. */
export function discordStatus(error: unknown): number | undefined {
  const original = discordJsError(error);
  return original instanceof DiscordAPIError || original instanceof HTTPError ? original.status : undefined;
}

/** What discord.js itself said (for people: `switchboard doctor`), else the error's own message. */
export function discordMessage(error: unknown): string {
  return (discordJsError(error) ?? (error instanceof Error ? error : new Error(String(error)))).message;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/webhooks\/(\d+)\/[^/?]+/, '/webhooks/$1/…').replace(/\/interactions\/(\d+)\/[^/?]+/, '/interactions/$1/…');
  } catch {
    return url;
  }
}
