import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on 127.0.0.1 (never any other address) on `port`, by default one the system picks, and
 * returns the port.
 *
 * @example
 * const server = http.createServer(handler);
 * const port = await listenLocal(server);
 * const url = `http://127.0.0.1:${port}`;
 */
export async function listenLocal(server: Server, port = 0): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/**
 * Drops every open connection (keep-alive clients would hold `close()` open) and waits until the
 * server has stopped.
 *
 * @example
 * afterEach(() => closeServer(server));
 */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
