import { request, type Dispatcher } from 'undici';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { buildQueryString, normalizeBaseUrl, type Query } from './build-url.ts';
import { ChatwootApiError, isChatwootApiError } from './chatwoot-error.ts';
import { badResponse, errorFromResponse, headerValue, parseJsonOrUndefined, UNREADABLE_HINT } from './error-mapping.ts';
import { abortableSleep, withRetry, type RetryPolicy, type Sleep } from './retry.ts';

export interface SendRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the Chatwoot root, e.g. `/api/v1/profile`. */
  path: string;
  query?: Query;
  json?: unknown;
  /** A `multipart/form-data` body, from `multipartBody`. */
  form?: { body: Buffer; contentType: string };
  signal?: AbortSignal;
  /** Send `api_access_token` (default true); `GET /api` needs none. */
  auth?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  apiToken: string;
  dispatcher?: Dispatcher;
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  sleep?: Sleep;
  now: () => number;
  log?: Logger;
  metrics?: Pick<Metrics, 'restRequests'>;
}

/** Sends one logical request: parsed JSON (or null for an empty body) or a {@link ChatwootApiError}. */
export type Send = (req: SendRequest) => Promise<unknown>;

/**
 * The HTTP layer: URL, auth header, per-attempt timeout, error mapping, metrics and logs.
 * GETs are retried with backoff; writes never are (the outbox that calls them owns retries, and a
 * retried POST could post a message twice).
 *
 * @example
 * const send = createTransport({ baseUrl, apiToken, timeoutMs: 15_000, retry: DEFAULT_RETRY, random: Math.random, now: Date.now });
 * const profile = await send({ method: 'GET', path: '/api/v1/profile' });
 */
export function createTransport(options: TransportOptions): Send {
  const base = normalizeBaseUrl(options.baseUrl);
  const sleep = options.sleep ?? abortableSleep;
  const { apiToken, log, metrics } = options;
  // Belt and braces: no text we produce may carry the token, whatever a lower layer put in it.
  const scrub = (text: string) => (apiToken.length >= 4 ? text.split(apiToken).join('[redacted]') : text);

  async function exchange(req: SendRequest, signal: AbortSignal): Promise<{ status: number; value: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.auth !== false) headers['api_access_token'] = apiToken;
    let body: string | Buffer | undefined;
    if (req.form) {
      headers['content-type'] = req.form.contentType;
      body = req.form.body;
    } else if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    const response = await request(`${base}${req.path}${buildQueryString(req.query)}`, {
      method: req.method,
      headers,
      body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const text = await response.body.text();
    const status = response.statusCode;
    if (status < 200 || status >= 300) {
      throw errorFromResponse({ method: req.method, path: req.path, status, headers: response.headers, text, nowMs: options.now() });
    }
    if (text.trim() === '') return { status, value: null };
    const parsed = parseJsonOrUndefined(text);
    if (parsed === undefined) {
      const type = headerValue(response.headers['content-type'])?.split(';')[0]?.trim();
      // JSON that does not parse came from Chatwoot, cut short; HTML or another type from some other server.
      if (type !== undefined && /json/i.test(type)) throw badResponse(req.method, req.path, status, 'the answer is not valid JSON (cut short?)', UNREADABLE_HINT);
      throw badResponse(req.method, req.path, status, `expected JSON, got ${type ?? 'no content type'}`);
    }
    return { status, value: parsed };
  }

  async function sendOnce(req: SendRequest, attempt: number): Promise<unknown> {
    const started = performance.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const record = (outcome: string, status?: number) => {
      metrics?.restRequests.inc({ method: req.method, outcome });
      const ms = Math.round(performance.now() - started);
      log?.debug({ method: req.method, path: req.path, status, outcome, attempt, ms }, 'chatwoot rest');
    };
    try {
      const { status, value } = await raceAbort(exchange(req, signal), signal);
      record('ok', status);
      return value;
    } catch (error) {
      if (req.signal?.aborted) {
        record('aborted');
        throw req.signal.reason;
      }
      const mapped = isChatwootApiError(error)
        ? error
        : timeout.signal.aborted
          ? new ChatwootApiError({ kind: 'timeout', method: req.method, path: req.path, detail: `no answer within ${options.timeoutMs} ms` })
          : new ChatwootApiError({
              kind: 'network',
              method: req.method,
              path: req.path,
              detail: scrub(`${describeNetworkError(error)} (${new URL(base).origin})`),
            });
      record(mapped.kind, mapped.status);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  return (req) => {
    if (req.method !== 'GET') return sendOnce(req, 0);
    return withRetry((n) => sendOnce(req, n), {
      policy: options.retry,
      random: options.random,
      sleep,
      ...(req.signal ? { signal: req.signal } : {}),
      onRetry: ({ error, attempt, delayMs }) =>
        log?.warn({ method: req.method, path: req.path, kind: error.kind, status: error.status, attempt, delayMs }, 'chatwoot rest: retrying'),
    });
  };
}

/**
 * Settles with the signal's reason as soon as it aborts, even if the dispatcher is slow to notice
 * (nock, for one, only reports an abort once its delayed reply is due).
 */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function describeNetworkError(error: unknown): string {
  // Errors from dispatchers (and mocks) are not always `Error` instances: read fields, not types.
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, code, cause } = error as { message?: unknown; code?: unknown; cause?: unknown };
  let text = typeof message === 'string' && message ? message : 'request failed';
  const causeMessage = (cause as { message?: unknown } | undefined)?.message;
  if (typeof causeMessage === 'string' && causeMessage && !text.includes(causeMessage)) text = `${text}: ${causeMessage}`;
  const anyCode = code ?? (cause as { code?: unknown } | undefined)?.code;
  return typeof anyCode === 'string' && !text.includes(anyCode) ? `${anyCode} ${text}` : text;
}
