import { STATUS_CODES } from 'node:http';

export interface RestFailRule {
  status: number;
  /** How many matching requests fail (default 1; `Infinity` for all, until the rule is stopped). */
  times?: number;
  /**
   * The fraction of matching requests that fail, 0–1 (default 1), drawn from the simulator's
   * `random`, so a seeded run fails the same calls. Calls let through do not use up `times`.
   */
  ratio?: number;
  /** Seconds for `Retry-After`; a 429 always gets one (default 1). */
  retryAfter?: number;
  method?: string;
  /** Exact pathname, or a pattern tested against it. */
  path?: string | RegExp;
  /** Response body; default `{"error": "<reason>"}`. A string is sent as text/plain; `null` sends no body. */
  body?: unknown;
  /**
   * Save-then-fail: the request is processed in full (the write is saved and broadcast, as Chatwoot
   * commits before a proxy or worker dies) and only then answered with `status` — a committed write
   * whose answer is lost. A request that fails on its own (404, 422…) gets its real answer instead.
   */
  afterCommit?: boolean;
}

export interface RestFailure {
  status: number;
  headers: Record<string, string>;
  /** `undefined`: an empty body. */
  body: unknown;
  afterCommit: boolean;
}

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

interface ActiveRule {
  rule: RestFailRule;
  remaining: number;
}

function matches(rule: RestFailRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return rule.path === path;
  rule.path.lastIndex = 0;
  return rule.path.test(path);
}

function failureOf(rule: RestFailRule): RestFailure {
  const headers: Record<string, string> = {};
  const retryAfter = rule.retryAfter ?? (rule.status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const body =
    rule.body === null ? undefined : (rule.body ?? { error: MESSAGES[rule.status] ?? STATUS_CODES[rule.status] ?? 'Error' });
  return { status: rule.status, headers, body, afterCommit: rule.afterCommit === true };
}

/**
 * Injected REST failures, tried in order of registration: the first rule that matches and (for a
 * `ratio` below 1) draws a hit fails the request.
 *
 * @example
 * const faults = createRestFaults(seededRandom(1));
 * const stop = faults.add({ status: 503, ratio: 0.2, times: Infinity, method: 'POST', afterCommit: true });
 * faults.take('POST', '/api/v1/accounts/1/conversations/1/messages'); // { status: 503, afterCommit: true, … } one time in five
 * stop();
 */
export function createRestFaults(random: () => number = Math.random): RestFaults {
  let rules: ActiveRule[] = [];
  return {
    add(rule) {
      const entry: ActiveRule = { rule, remaining: rule.times ?? 1 };
      rules.push(entry);
      return () => {
        rules = rules.filter((r) => r !== entry);
      };
    },
    take(method, path) {
      for (const entry of rules) {
        if (entry.remaining <= 0 || !matches(entry.rule, method, path)) continue;
        const ratio = entry.rule.ratio ?? 1;
        if (ratio < 1 && !(random() < ratio)) continue;
        entry.remaining--;
        if (entry.remaining <= 0) rules = rules.filter((r) => r !== entry);
        return failureOf(entry.rule);
      }
      return undefined;
    },
    reset() {
      rules = [];
    },
  };
}
