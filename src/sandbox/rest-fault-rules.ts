import { STATUS_CODES } from 'node:http';

export interface RestFailRule {
  status: number;
  /** How many matching requests fail (default 1; `Infinity` for all). */
  times?: number;
  /** Seconds for `Retry-After`; a 429 always gets one (default 1). */
  retryAfter?: number;
  method?: string;
  /** Exact pathname, or a pattern tested against it. */
  path?: string | RegExp;
  /** Response body; default `{"error": "<reason>"}`. A string is sent as text/plain. */
  body?: unknown;
}

export interface RestFailure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const MESSAGES: Record<number, string> = {
  401: 'Invalid Access Token',
  403: 'You are not authorized to do this action',
  404: 'Resource could not be found',
  422: 'Validation failed',
  429: 'Retry later',
};

/**
 * Injected REST failures, consumed in order of registration.
 *
 * @example
 * const faults = createRestFaults();
 * faults.add({ status: 429, retryAfter: 2, method: 'POST', path: /\/messages$/ });
 * faults.take('POST', '/api/v1/accounts/1/conversations/1/messages'); // { status: 429, … }
 */
export function createRestFaults(): { add(rule: RestFailRule): void; take(method: string, path: string): RestFailure | undefined; reset(): void } {
  let rules: Array<{ rule: RestFailRule; remaining: number }> = [];
  const matches = (rule: RestFailRule, method: string, path: string): boolean => {
    if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
    if (rule.path === undefined) return true;
    if (typeof rule.path === 'string') return rule.path === path;
    rule.path.lastIndex = 0;
    return rule.path.test(path);
  };
  return {
    add(rule) {
      rules.push({ rule, remaining: rule.times ?? 1 });
    },
    take(method, path) {
      const entry = rules.find((r) => r.remaining > 0 && matches(r.rule, method, path));
      if (!entry) return undefined;
      entry.remaining--;
      rules = rules.filter((r) => r.remaining > 0);
      const { rule } = entry;
      const headers: Record<string, string> = {};
      const retryAfter = rule.retryAfter ?? (rule.status === 429 ? 1 : undefined);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      const body = rule.body ?? { error: MESSAGES[rule.status] ?? STATUS_CODES[rule.status] ?? 'Error' };
      return { status: rule.status, headers, body };
    },
    reset() {
      rules = [];
    },
  };
}
