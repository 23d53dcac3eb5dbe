import { PermanentError, RetryableError } from '../../src/index.ts';

/** Platform errors worth retrying; every other `ok: false` is permanent (`channel_not_found`, `not_in_channel`, `invalid_auth`, `msg_too_long`…). */
const RETRYABLE = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/**
 * Turns a Web API failure into what the outbox understands, once, where the plugin calls Slack:
 * 429 → {@link RetryableError} after Retry-After; 5xx and network errors → retry; Slack's
 * `ok: false` errors → {@link PermanentError} unless transient. The client's error is the `cause`.
 *
 * @example
 * try { await client.chat.postMessage(args); } catch (error) { throw toOutboxError(error); }
 */
export function toOutboxError(error: unknown): Error {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string }; message?: string };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return new RetryableError('slack: rate limited', { retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000, cause: error });
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      if (status === 429) return new RetryableError('slack: rate limited', { retryAfterMs: Math.max(1, Number(e.headers?.['retry-after'] ?? 1)) * 1000, cause: error });
      if (status >= 500 || status === 408) return new RetryableError(`slack: HTTP ${status}`, { cause: error });
      return new PermanentError(`slack: HTTP ${status}`);
    }
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      return RETRYABLE.has(code) ? new RetryableError(`slack: ${code}`, { cause: error }) : new PermanentError(`slack: ${code}`, { cause: error });
    }
    case 'slack_webapi_request_error':
      return new RetryableError(`slack: network: ${e.message ?? 'request failed'}`, { cause: error });
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** The Slack error code (`channel_not_found`…) of a platform error, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}
