import { isRecord } from '../normalize-objects.ts';
import type { Logger } from '../../observability/logger.ts';
import { badResponse, UNREADABLE_HINT } from './error-mapping.ts';
import type { Send, SendRequest } from './transport.ts';

/** What each resource group needs: the transport and the account it works in. */
export interface RestContext {
  send: Send;
  accountId: number;
  /** `/api/v1/accounts/<id>` + suffix. */
  accountPath: (suffix: string) => string;
  /** For warnings about answers that were partly unusable (bad list items, capped paging). */
  log?: Logger;
}

/**
 * Shape checks on Chatwoot's answers: a 2xx whose JSON is not the expected shape is a
 * `bad_response` that says the answer could not be read, not a crash deep in a caller.
 */
export function expectRecord(body: unknown, req: Pick<SendRequest, 'method' | 'path'>, what = 'a JSON object'): Record<string, unknown> {
  if (isRecord(body)) return body;
  throw badResponse(req.method, req.path, undefined, `expected ${what}, got ${describe(body)}`, UNREADABLE_HINT);
}

export function expectArray(body: unknown, req: Pick<SendRequest, 'method' | 'path'>, what = 'a JSON array'): unknown[] {
  if (Array.isArray(body)) return body;
  throw badResponse(req.method, req.path, undefined, `expected ${what}, got ${describe(body)}`, UNREADABLE_HINT);
}

/** Label lists come back as `{payload: [...]}`. */
export function expectStringList(body: unknown, req: Pick<SendRequest, 'method' | 'path'>): string[] {
  const payload = expectRecord(body, req, '{"payload": [labels]}')['payload'];
  return expectArray(payload, req, '{"payload": [labels]}').filter((x): x is string => typeof x === 'string');
}

function describe(value: unknown): string {
  if (value === null) return 'an empty body';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
