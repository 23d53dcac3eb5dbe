import { PermanentError } from '../../src/index.ts';

/** Platform errors worth retrying; every other `ok: false` is permanent (`channel_not_found`, `not_in_channel`, `invalid_auth`, `msg_too_long`…). */
const RETRYABLE = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** An error the outbox retries, after `retryAfterMs` when Slack said so. */
export class SlackRetryableError extends Error {
  override readonly name = 'SlackRetryableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Turns a Web API failure into what the outbox understands: 429 → retry after Retry-After; 5xx and
 * network errors → retry; Slack's `ok: false` errors → {@link PermanentError} unless transient.
 *
 * @example
 * try { await client.chat.postMessage(args); } catch (error) { throw toOutboxError(error); }
 */
export function toOutboxError(error: unknown): Error {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string }; message?: string };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return new SlackRetryableError('slack: rate limited', Math.max(1, e.retryAfter ?? 1) * 1000);
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      if (status === 429) return new SlackRetryableError('slack: rate limited', Math.max(1, Number(e.headers?.['retry-after'] ?? 1)) * 1000);
      if (status >= 500 || status === 408) return new SlackRetryableError(`slack: HTTP ${status}`);
      return new PermanentError(`slack: HTTP ${status}`);
    }
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      return RETRYABLE.has(code) ? new SlackRetryableError(`slack: ${code}`) : new PermanentError(`slack: ${code}`);
    }
    case 'slack_webapi_request_error':
      return new SlackRetryableError(`slack: network: ${e.message ?? 'request failed'}`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** The Slack error code (`channel_not_found`…) of a platform error, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}
