import { describe, expect, it } from 'vitest';
import { buildQueryString, normalizeBaseUrl } from '../../../src/chatwoot/rest/build-url.ts';
import { ChatwootApiError, isChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { extractChatwootMessage, kindForStatus, parseRetryAfter } from '../../../src/chatwoot/rest/error-mapping.ts';
import { abortableSleep, backoffDelay, DEFAULT_RETRY, withRetry } from '../../../src/chatwoot/rest/retry.ts';

describe('error mapping helpers', () => {
  it('maps statuses to kinds', () => {
    expect(kindForStatus(401, 'Invalid Access Token')).toBe('unauthorized');
    expect(kindForStatus(401, 'You are not authorized to do this action')).toBe('forbidden');
    expect(kindForStatus(403)).toBe('forbidden');
    expect(kindForStatus(404)).toBe('not_found');
    expect(kindForStatus(408)).toBe('timeout');
    expect(kindForStatus(400)).toBe('unprocessable');
    expect(kindForStatus(422)).toBe('unprocessable');
    expect(kindForStatus(429)).toBe('rate_limited');
    expect(kindForStatus(500)).toBe('server');
    expect(kindForStatus(504)).toBe('server');
    expect(kindForStatus(302)).toBe('bad_response');
  });

  it("reads Chatwoot's error shapes", () => {
    expect(extractChatwootMessage({ error: 'Invalid Access Token' })).toBe('Invalid Access Token');
    expect(extractChatwootMessage({ message: 'Contact not found' })).toBe('Contact not found');
    expect(extractChatwootMessage({ errors: ['Name is too long', 'Email is invalid'] })).toBe('Name is too long; Email is invalid');
    expect(extractChatwootMessage({ description: 'Bad', errors: [{ field: 'q', message: 'is missing', code: 'blank' }] })).toBe('q: is missing');
    expect(extractChatwootMessage({ errors: { email: ['has already been taken'] } })).toBe('email has already been taken');
    expect(extractChatwootMessage({ error: { message: 'nested' } })).toBe('nested');
    expect(extractChatwootMessage({ other: 1 })).toBeUndefined();
    expect(extractChatwootMessage(null)).toBeUndefined();
    expect(extractChatwootMessage({ error: 'x'.repeat(1000) })?.length).toBe(301);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-06-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Mon, 01 Jun 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jun 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('ChatwootApiError carries its fields and the guard recognises it', () => {
    const error = new ChatwootApiError({ kind: 'rate_limited', method: 'GET', path: '/api/v1/profile', status: 429, retryAfterMs: 2000 });
    expect(error).toMatchObject({ name: 'ChatwootApiError', kind: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect(error.message).toBe('429 from GET /api/v1/profile — rate limited by Chatwoot; retry after 2 s');
    expect(isChatwootApiError(error)).toBe(true);
    expect(isChatwootApiError(new Error('x'))).toBe(false);
    expect(isChatwootApiError({ kind: 'server', retryable: true })).toBe(false);
    expect(new ChatwootApiError({ kind: 'unprocessable', method: 'POST', path: '/x', status: 422 }).retryable).toBe(false);
  });
});

describe('urls', () => {
  it('normalizes base URLs with trailing slashes and prefixes', () => {
    expect(normalizeBaseUrl('https://chat.example.com')).toBe('https://chat.example.com');
    expect(normalizeBaseUrl('https://chat.example.com/')).toBe('https://chat.example.com');
    expect(normalizeBaseUrl('https://example.com/chatwoot//')).toBe('https://example.com/chatwoot');
    expect(() => normalizeBaseUrl('https://user:pw@example.com')).toThrow(/credentials/);
  });

  it('builds Rails-style query strings', () => {
    expect(buildQueryString({ after: 100 })).toBe('?after=100');
    expect(buildQueryString({ a: undefined, b: null })).toBe('');
    expect(buildQueryString({ labels: ['a b', 'c&d'], q: 'x=y' })).toBe('?labels[]=a%20b&labels[]=c%26d&q=x%3Dy');
  });
});

describe('retry', () => {
  it('computes full-jitter exponential backoff with a cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 1))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0.5, 9000)).toBe(9000);
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0.5, 10)).toBe(250);
  });

  it('withRetry does not retry errors that are not retryable', async () => {
    let calls = 0;
    const notRetryable = new ChatwootApiError({ kind: 'not_found', method: 'GET', path: '/x', status: 404 });
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw notRetryable;
        },
        { policy: DEFAULT_RETRY, random: () => 0, sleep: async () => {} },
      ),
    ).rejects.toBe(notRetryable);
    expect(calls).toBe(1);
  });

  it('abortableSleep resolves after the delay and rejects when aborted', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('bye'));
    await expect(sleeping).rejects.toThrow('bye');
    await expect(abortableSleep(10, controller.signal)).rejects.toThrow('bye');
  });
});
