import { STATUS_CODES } from 'node:http';

/** Which requests a fault rule picks, and how often. */
export interface FaultRule {
  /** Compared without regard to case; absent (or `'*'`) for any. */
  method?: string;
  /** Exact pathname, or a pattern tested against it; absent for any. */
  path?: string | RegExp;
  /** How many matching requests fail (default 1; `Infinity` for all, until the rule is stopped). */
  times?: number;
  /**
   * The fraction of matching requests that fail, 0–1 (default 1), drawn from the rules' `random`,
   * so a seeded run fails the same calls. Calls let through do not use up `times`.
   */
  ratio?: number;
}

/** What a fault rule is matched against. */
export interface FaultTarget {
  method: string;
  path: string;
}

export interface FaultRules<R extends FaultRule> {
  /** Adds a rule; returns `stop()`, which removes it (further matching requests pass). */
  add(rule: R): () => void;
  /** The rule that fails this request, if one picks it (consumes one of its `times`). */
  take(target: FaultTarget): R | undefined;
  reset(): void;
}

/**
 * The usual match: method without regard to case (`'*'` any), path exact or by pattern.
 *
 * @example
 * matchesFault({ method: 'post', path: /\/messages$/ }, { method: 'POST', path: '/conversations/1/messages' }); // true
 */
export function matchesFault(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.method && rule.method !== '*' && rule.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === target.path;
  rule.path.lastIndex = 0;
  return rule.path.test(target.path);
}

/**
 * Injected failures, tried in order of registration: the first rule that matches and (for a
 * `ratio` below 1) draws a hit fails the request. How a failure is answered is the fake's business
 * (see {@link faultReply} for the plain HTTP one).
 *
 * @example
 * const faults = createFaultRules<FaultRule & { status: number }>({ random: seededRandom(1) });
 * const stop = faults.add({ status: 503, ratio: 0.2, times: Infinity, method: 'POST' });
 * faults.take({ method: 'POST', path: '/messages' }); // the rule, one time in five
 * stop();
 */
export function createFaultRules<R extends FaultRule>(
  options: { random?: () => number; matches?: (rule: R, target: FaultTarget) => boolean } = {},
): FaultRules<R> {
  const random = options.random ?? Math.random;
  const matches = options.matches ?? matchesFault;
  let rules: Array<{ rule: R; remaining: number }> = [];
  return {
    add(rule) {
      const entry = { rule, remaining: rule.times ?? 1 };
      rules.push(entry);
      return () => {
        rules = rules.filter((r) => r !== entry);
      };
    },
    take(target) {
      for (const entry of rules) {
        if (entry.remaining <= 0 || !matches(entry.rule, target)) continue;
        const ratio = entry.rule.ratio ?? 1;
        if (ratio < 1 && !(random() < ratio)) continue;
        entry.remaining--;
        if (entry.remaining <= 0) rules = rules.filter((r) => r !== entry);
        return entry.rule;
      }
      return undefined;
    },
    reset() {
      rules = [];
    },
  };
}

/** A plain HTTP failure: a status, `Retry-After`, a body (or none), and when it is answered. */
export interface HttpFault extends FaultRule {
  status: number;
  /** Seconds for `Retry-After` (a 429 gets the fake's default when absent). */
  retryAfter?: number;
  /** Response body; default the fake's. A string is sent as text; `null` sends no body ("empty 200"). */
  body?: unknown;
  /**
   * Save-then-fail: the request is processed in full (the write is saved, as a server commits
   * before a proxy or worker dies) and only then answered with `status` — a write whose answer is lost.
   */
  afterCommit?: boolean;
}

/** How a fault is answered. `body` undefined: an empty body. */
export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  afterCommit: boolean;
}

/**
 * The answer to an {@link HttpFault}: `Retry-After` when the rule (or, for a 429, `defaults`) has
 * one, the rule's body or `defaults.body(status)` (default `{"error": "<reason phrase>"}`).
 *
 * @example
 * const rule = faults.take(request);
 * if (rule) return sendReply(res, faultReply(rule, { retryAfter429: 1 }));
 */
export function faultReply(rule: HttpFault, defaults: { retryAfter429?: number; body?: (status: number) => unknown } = {}): FaultReply {
  const headers: Record<string, string> = {};
  const retryAfter = rule.retryAfter ?? (rule.status === 429 ? defaults.retryAfter429 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const fallback = defaults.body ?? ((status: number) => ({ error: STATUS_CODES[status] ?? 'Error' }));
  const body = rule.body === null ? undefined : (rule.body ?? fallback(rule.status));
  return { status: rule.status, headers, body, afterCommit: rule.afterCommit === true };
}
