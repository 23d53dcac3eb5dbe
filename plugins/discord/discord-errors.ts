import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { PermanentError } from '../../src/index.ts';

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

/**
 * Turns what discord.js threw into what the outbox understands: a 429 carries `retryAfterMs`,
 * 5xx and network errors stay retryable, unknown channels, missing permissions and other 4xx
 * become a {@link PermanentError}.
 *
 * @example
 * try { await rest.post(route, { body }); } catch (error) { throw toOutboxError(error); }
 */
export function toOutboxError(error: unknown): Error {
  if (error instanceof RateLimitError) {
    return Object.assign(new Error(`discord: rate limited on ${error.route}, retry after ${error.retryAfter} ms`), { retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 1) });
  }
  if (error instanceof DiscordAPIError) {
    const text = `discord: ${error.method.toUpperCase()} ${pathOf(error.url)} → ${error.status} ${error.message} (code ${error.code})`;
    if (error.status === 429 || error.status >= 500) return new Error(text);
    if (PERMANENT_CODES.has(Number(error.code)) || (error.status >= 400 && error.status < 500 && error.status !== 404)) return new PermanentError(text);
    return error.status === 404 ? new PermanentError(text) : new Error(text);
  }
  if (error instanceof HTTPError) return error.status >= 500 ? new Error(`discord: HTTP ${error.status}`) : new PermanentError(`discord: HTTP ${error.status}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** The Discord error code of `error`, if it is an API error. */
export function discordCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError ? Number(error.code) : undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/webhooks\/(\d+)\/[^/?]+/, '/webhooks/$1/…').replace(/\/interactions\/(\d+)\/[^/?]+/, '/interactions/$1/…');
  } catch {
    return url;
  }
}
