import type { ServerResponse } from 'node:http';

/**
 * Writes a JSON response with a correct `content-length`.
 *
 * @example
 * sendJson(res, 404, { error: 'not found' });
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
