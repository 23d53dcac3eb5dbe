import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One HTTP route. A throw or rejection becomes a logged 500; the server keeps running.
 *
 * @example
 * const hello: RouteHandler = (_req, res) => sendJson(res, 200, { hello: 'world' });
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

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
