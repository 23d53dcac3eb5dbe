import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One HTTP route. A throw or rejection becomes a logged 500; the server keeps running.
 *
 * @example
 * const hello: RouteHandler = (_req, res) => sendJson(res, 200, { hello: 'world' });
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
