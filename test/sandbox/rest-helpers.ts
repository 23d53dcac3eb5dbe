import type { ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: any;
}

/** One REST call as a Chatwoot client makes it (`api_access_token` header, JSON body). */
export async function api(
  sim: ChatwootSimulator,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; form?: FormData } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? sim.agent.apiToken : opts.token;
  if (token !== null) headers['api_access_token'] = token;
  let body: string | FormData | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${sim.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

export const accountPath = (sim: ChatwootSimulator, rest = '') => `/api/v1/accounts/${sim.accountId}${rest}`;
export const conversationPath = (sim: ChatwootSimulator, id: number, rest = '') => accountPath(sim, `/conversations/${id}${rest}`);
