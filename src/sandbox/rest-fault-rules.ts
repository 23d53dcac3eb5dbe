import { STATUS_CODES } from 'node:http';
import { createFaultRules, faultReply, type FaultReply, type HttpFault } from '../fake-http/index.ts';

/**
 * An injected REST failure (fake-http's {@link HttpFault}): `status`, how many `times`, which share
 * (`ratio`) of the matching `method`/`path` calls, `retryAfter` seconds (a 429 always gets one,
 * default 1), a `body` (default `{"error": "<reason>"}`; a string is text/plain, `null` none), and
 * `afterCommit` — the request is processed in full (saved and broadcast, as Chatwoot commits before
 * a proxy or worker dies) and only then answered with `status`. A request that fails on its own
 * (404, 422…) gets its real answer instead.
 */
export type RestFailRule = HttpFault;

export type RestFailure = FaultReply;

export interface RestFaults {
  /** Adds a rule; returns `stop()`, which removes it (further matching requests pass). */
  add(rule: RestFailRule): () => void;
  /** The failure for this request, if a rule picks it (consumes one of that rule's `times`). */
  take(method: string, path: string): RestFailure | undefined;
  reset(): void;
}

const MESSAGES: Record<number, string> = {
  401: 'Invalid Access Token',
  403: 'You are not authorized to do this action',
  404: 'Resource could not be found',
  422: 'Validation failed',
  429: 'Retry later',
};

const chatwootError = (status: number) => ({ error: MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error' });

/**
 * Injected REST failures, tried in order of registration: the first rule that matches and (for a
 * `ratio` below 1) draws a hit fails the request — answered the way Chatwoot words its errors.
 *
 * @example
 * const faults = createRestFaults(seededRandom(1));
 * const stop = faults.add({ status: 503, ratio: 0.2, times: Infinity, method: 'POST', afterCommit: true });
 * faults.take('POST', '/api/v1/accounts/1/conversations/1/messages'); // { status: 503, afterCommit: true, … } one time in five
 * stop();
 */
export function createRestFaults(random: () => number = Math.random): RestFaults {
  const rules = createFaultRules<RestFailRule>({ random });
  return {
    add: (rule) => rules.add(rule),
    take(method, path) {
      const rule = rules.take({ method, path });
      return rule && faultReply(rule, { retryAfter429: 1, body: chatwootError });
    },
    reset: () => rules.reset(),
  };
}
