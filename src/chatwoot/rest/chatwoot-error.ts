/**
 * The one error type every Chatwoot REST call throws. Its message names the status, the method and
 * the path (never the token or the query string) plus Chatwoot's own words and, where one helps, a
 * hint at the setting to check.
 */

export type ChatwootErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'unprocessable'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad_response';

/** Kinds worth trying again: Chatwoot or the path to it was briefly unwell, the request was fine. */
const RETRYABLE: ReadonlySet<ChatwootErrorKind> = new Set(['rate_limited', 'server', 'network', 'timeout']);

export interface ChatwootApiErrorInit {
  kind: ChatwootErrorKind;
  method: string;
  /** Chatwoot path without the query string, e.g. `/api/v1/profile`. */
  path: string;
  status?: number;
  retryAfterMs?: number;
  /** What Chatwoot said (`{"error": …}`, `{"message": …}`, `{"errors": […]}`). */
  chatwootMessage?: string;
  /** What we observed when Chatwoot said nothing useful (network error text, content type, …). */
  detail?: string;
  /** Overrides the default hint for the kind; `''` for none. */
  hint?: string;
  cause?: unknown;
}

/**
 * A failed Chatwoot REST call.
 *
 * @example
 * try {
 *   await rest.getProfile();
 * } catch (error) {
 *   if (isChatwootApiError(error) && error.kind === 'unauthorized') log.error(error.message);
 *   // "401 from GET /api/v1/profile: Invalid Access Token — check CHATWOOT_API_TOKEN"
 * }
 */
export class ChatwootApiError extends Error {
  override readonly name = 'ChatwootApiError';
  readonly kind: ChatwootErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly chatwootMessage?: string;
  readonly method: string;
  readonly path: string;
  /** True for 429, 5xx, network errors and timeouts. */
  readonly retryable: boolean;

  constructor(init: ChatwootApiErrorInit) {
    super(formatChatwootError(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.chatwootMessage !== undefined) this.chatwootMessage = init.chatwootMessage;
    this.method = init.method;
    this.path = init.path;
    this.retryable = RETRYABLE.has(init.kind);
  }
}

/**
 * Type guard for {@link ChatwootApiError} (also across duplicated module copies).
 *
 * @example
 * try {
 *   await rest.getConversation(42);
 * } catch (error) {
 *   if (isChatwootApiError(error) && error.retryable) setTimeout(retry, error.retryAfterMs ?? 1_000);
 *   else throw error;
 * }
 */
export function isChatwootApiError(error: unknown): error is ChatwootApiError {
  if (error instanceof ChatwootApiError) return true;
  return (
    error instanceof Error &&
    error.name === 'ChatwootApiError' &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    typeof (error as { retryable?: unknown }).retryable === 'boolean'
  );
}

function defaultHint(init: ChatwootApiErrorInit): string {
  switch (init.kind) {
    case 'unauthorized':
      return 'check CHATWOOT_API_TOKEN';
    case 'forbidden':
      return "the token's user may not do this: use an administrator, or add the user to the inbox";
    case 'not_found':
      return init.path.includes('/accounts/')
        ? 'check CHATWOOT_ACCOUNT_ID and the id in the path (conversation ids are display ids)'
        : 'check CHATWOOT_URL, including any path prefix';
    case 'rate_limited':
      return init.retryAfterMs === undefined
        ? 'rate limited by Chatwoot'
        : `rate limited by Chatwoot; retry after ${Math.ceil(init.retryAfterMs / 1000)} s`;
    case 'server':
      return init.status === 502 || init.status === 503 || init.status === 504
        ? 'Chatwoot (or its proxy) is unavailable; try again later'
        : 'Chatwoot failed; see its logs';
    case 'network':
      return 'is CHATWOOT_URL right and reachable?';
    case 'timeout':
      return 'Chatwoot did not answer in time';
    case 'bad_response':
      return 'check that CHATWOOT_URL points at Chatwoot itself';
    case 'unprocessable':
      return '';
  }
}

function formatChatwootError(init: ChatwootApiErrorInit): string {
  const what = init.chatwootMessage ?? init.detail;
  const head =
    init.status !== undefined
      ? `${init.status} from ${init.method} ${init.path}`
      : `${init.kind === 'timeout' ? 'timeout' : init.kind === 'network' ? 'network error' : 'bad response'} on ${init.method} ${init.path}`;
  const hint = init.hint ?? defaultHint(init);
  return `${head}${what ? `: ${what}` : ''}${hint ? ` — ${hint}` : ''}`;
}
