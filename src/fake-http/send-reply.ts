import type { ServerResponse } from 'node:http';

/** What a fake answers. `body` (text or bytes) wins over `json`; neither sends an empty body. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

/**
 * Writes a reply unless one was already sent. JSON and text get a `content-type` (the defaults, or
 * the fake's own in `types`) unless `headers` name one; an empty reply gets none.
 *
 * @example
 * sendReply(res, { status: 429, headers: { 'retry-after': '1' }, json: { ok: false, error: 'ratelimited' } });
 */
export function sendReply(res: ServerResponse, reply: FakeReply, types: { json?: string; text?: string } = {}): void {
  if (res.headersSent) return;
  const status = reply.status ?? 200;
  const headers = reply.headers ?? {};
  if (reply.body !== undefined) {
    res.writeHead(status, { 'content-type': types.text ?? 'text/plain; charset=utf-8', ...headers });
    res.end(reply.body);
  } else if (reply.json !== undefined) {
    res.writeHead(status, { 'content-type': types.json ?? 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(reply.json));
  } else {
    res.writeHead(status, headers);
    res.end();
  }
}

/**
 * A JSON value, a string (sent as text) or `undefined` (empty), as a {@link FakeReply}.
 *
 * @example
 * sendReply(res, replyOf(404, { error: 'Resource could not be found' }));
 */
export function replyOf(status: number, body: unknown, headers: Record<string, string> = {}): FakeReply {
  if (body === undefined) return { status, headers };
  return typeof body === 'string' ? { status, headers, body } : { status, headers, json: body };
}
