import type { AttachmentStore } from './attachment-store.ts';
import type { ParsedBody } from './request-body.ts';
import type { SimCore } from './simulator-core.ts';

/** What every REST handler can reach. */
export interface RouteEnv {
  core: SimCore;
  attachments: AttachmentStore;
  credentials(): { apiToken: string; pubsubToken: string };
  /** Which agent an `api_access_token` belongs to (the bot's, or an extra agent's own). */
  agentForToken(token: string | undefined): number | undefined;
}

export interface RouteRequest {
  /** Named groups of the route pattern (`cid`, `mid`, …). */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The full query, for repeated keys such as `labels[]`. */
  search: URLSearchParams;
  body: ParsedBody;
  /** The agent whose token made the request. */
  callerId: number;
}

export interface RouteResult {
  status?: number;
  /** JSON-encoded; `undefined` sends an empty body. */
  body?: unknown;
}

export interface Route {
  method: string;
  /** Tested against the pathname; an `account` group is checked against the simulator's account. */
  pattern: RegExp;
  /** Defaults to true: `api_access_token` required. */
  auth?: boolean;
  handle(env: RouteEnv, req: RouteRequest): RouteResult | Promise<RouteResult>;
}

export const ACCOUNT = '/api/v1/accounts/(?<account>\\d+)';
export const CONVERSATION = `${ACCOUNT}/conversations/(?<cid>\\d+)`;

export function route(method: string, path: string, handle: Route['handle'], auth = true): Route {
  return { method, pattern: new RegExp(`^${path}/?$`), handle, auth };
}

/** Ruby's `String#to_i`: leading digits or 0. */
export function toInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  const match = /^\s*(-?\d+)/.exec(String(value ?? ''));
  return match ? Number(match[1]) : 0;
}

/** Rails' boolean casting for form params. */
export function toBool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1 || value === 'on';
}
