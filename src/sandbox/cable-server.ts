import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { createBroadcastPipeline } from './broadcast-pipeline.ts';
import { handleClientFrame, type CableConnection, type CableSubscription, type ClientCommand, type CommandEnv } from './cable-commands.ts';
import type { PresenceTracker } from './presence-tracker.ts';

export interface CableObservation {
  connections(): number;
  connectionsTotal(): number;
  /** Logical broadcasts pushed (before duplicate/delay/reorder faults). */
  broadcastsTotal(): number;
  handshakes: Array<{ protocol: string; offered: string[]; origin?: string }>;
  commands: ClientCommand[];
  confirmedSubscriptions(): number;
  closes: Array<{ code: number; reason: string }>;
}

export interface CableFaults {
  dropConnections(): void;
  stopPinging(): void;
  resumePinging(): void;
  restart(opts?: { reason?: string; reconnect?: boolean }): void;
  refuseConnections(on: boolean): void;
  delayBroadcasts(ms: number): void;
  duplicateBroadcasts(times: number): void;
  reorderBroadcasts(on: boolean): void;
  reset(): void;
}

export interface CableServer {
  /** `ActionCableBroadcastJob`: `{event, data}` to every live agent subscription, through the faults. */
  broadcast(event: string, data: Record<string, unknown>): void;
  sendFrame(frame: unknown): void;
  observation: CableObservation;
  faults: CableFaults;
  /** Frames that were not ActionCable commands. */
  malformed: string[];
  close(): void;
}

export interface CableServerOptions {
  server: Server;
  accountId: number;
  agent(): { id: number; pubsubToken: string };
  presence: PresenceTracker;
  /** `presence.update` data for the account (users online, contacts). */
  presenceData(): Record<string, unknown>;
  pingIntervalMs: number;
  now(): number;
}

const PROTOCOL = 'actioncable-v1-json';

function rawText(raw: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString();
  return Buffer.isBuffer(raw) ? raw.toString() : Buffer.from(raw).toString();
}

/**
 * The `/cable` endpoint: Rails ActionCable 7.1 framing with Chatwoot's RoomChannel rules.
 *
 * @example
 * const cable = createCableServer({ server, accountId: 1, agent: () => agent, presence, presenceData, pingIntervalMs: 3000, now: Date.now });
 * cable.broadcast('message.created', { id: 1, account_id: 1 });
 */
export function createCableServer(opts: CableServerOptions): CableServer {
  const connections = new Set<CableConnection>();
  const handshakes: CableObservation['handshakes'] = [];
  const closes: CableObservation['closes'] = [];
  let total = 0;
  let broadcasts = 0;
  let refusing = false;
  let pinging = true;

  const isLive = (sub: CableSubscription): boolean => sub.confirmed && sub.token === opts.agent().pubsubToken;
  const send = (conn: CableConnection, frame: unknown): void => {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };
  // A stream broadcast: every live subscription gets its own copy under its own identifier.
  const toLiveSubscriptions = (messageJson: string): void => {
    for (const conn of connections) {
      for (const sub of conn.subscriptions.values()) {
        if (isLive(sub)) send(conn, `{"identifier":${JSON.stringify(sub.identifier)},"message":${messageJson}}`);
      }
    }
  };
  const pipeline = createBroadcastPipeline(toLiveSubscriptions);

  const env: CommandEnv = {
    accountId: opts.accountId,
    agent: opts.agent,
    isLive,
    send,
    commands: [],
    malformed: [],
    presence(userId) {
      opts.presence.record(userId);
      // broadcast_presence goes straight to the pubsub stream, not through Sidekiq: no faults.
      toLiveSubscriptions(JSON.stringify({ event: 'presence.update', data: opts.presenceData() }));
    },
  };

  const wss = new WebSocketServer({
    server: opts.server,
    path: '/cable',
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
    verifyClient: (_info, done) => (refusing ? done(false, 503, 'Service Unavailable') : done(true)),
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    total++;
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const handshake: CableObservation['handshakes'][number] = { protocol: ws.protocol, offered };
    if (typeof req.headers.origin === 'string') handshake.origin = req.headers.origin;
    handshakes.push(handshake);

    const conn: CableConnection = { ws, subscriptions: new Map(), closingByServer: false };
    connections.add(conn);
    ws.on('message', (raw) => {
      try {
        handleClientFrame(env, conn, rawText(raw));
      } catch {
        // A fake server must never take the test process down.
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      connections.delete(conn);
      // 1006 means no close frame at all: nothing was "sent" by the client.
      if (!conn.closingByServer && code !== 1006) closes.push({ code, reason: reason.toString() });
    });
    send(conn, { type: 'welcome' });
  });
  wss.on('error', () => undefined);

  const pingTimer = setInterval(() => {
    if (!pinging) return;
    const frame = JSON.stringify({ type: 'ping', message: Math.floor(opts.now() / 1000) });
    for (const conn of connections) send(conn, frame);
  }, opts.pingIntervalMs);
  pingTimer.unref();

  const endAll = (how: (conn: CableConnection) => void): void => {
    for (const conn of [...connections]) {
      conn.closingByServer = true;
      how(conn);
    }
  };

  return {
    broadcast(event, data) {
      broadcasts += 1;
      pipeline.push(JSON.stringify({ event, data }));
    },
    sendFrame(frame) {
      for (const conn of connections) send(conn, frame);
    },
    malformed: env.malformed,
    observation: {
      connections: () => connections.size,
      connectionsTotal: () => total,
      broadcastsTotal: () => broadcasts,
      handshakes,
      commands: env.commands,
      confirmedSubscriptions: () => {
        let n = 0;
        for (const conn of connections) for (const sub of conn.subscriptions.values()) if (isLive(sub)) n++;
        return n;
      },
      closes,
    },
    faults: {
      dropConnections: () => endAll((conn) => conn.ws.terminate()),
      stopPinging: () => {
        pinging = false;
      },
      resumePinging: () => {
        pinging = true;
      },
      restart: ({ reason = 'server_restart', reconnect = true } = {}) =>
        endAll((conn) => {
          send(conn, { type: 'disconnect', reason, reconnect });
          conn.ws.close(1000);
        }),
      refuseConnections: (on) => {
        refusing = on;
      },
      delayBroadcasts: (ms) => pipeline.setDelay(ms),
      duplicateBroadcasts: (times) => pipeline.setDuplicate(times),
      reorderBroadcasts: (on) => pipeline.setReorder(on),
      reset: () => {
        refusing = false;
        pinging = true;
        pipeline.reset();
      },
    },
    close() {
      clearInterval(pingTimer);
      pipeline.close();
      endAll((conn) => conn.ws.terminate());
      wss.close();
    },
  };
}
