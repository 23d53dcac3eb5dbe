import { once } from 'node:events';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the Chatwoot simulator that answers every REST request
 * `delayMs` later (a Chatwoot across a network) and counts them; websocket upgrades (the cable)
 * pass straight through. Point CHATWOOT_URL at `url`.
 *
 * @example
 * const proxy = await startLatencyProxy(simulator.url, 20);
 * proxy.requests.length; // REST requests made so far
 */
export async function startLatencyProxy(target: string, delayMs: number) {
  const to = new URL(target);
  const requests: Array<{ method: string; path: string; at: number }> = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', at: performance.now() });
    setTimeout(() => {
      const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    }, delayMs);
  });
  // The cable: a raw byte pipe to the simulator, handshake included.
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(Number(to.port), to.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`))];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', end);
    socket.on('error', end);
    upstream.on('close', end);
    socket.on('close', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
