import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildJson, type FakeState, type Json } from './fake-discord-state.ts';

const MESSAGE_CONTENT_INTENT = 1 << 15;

export interface FakeGateway {
  /** Sends a dispatch (op 0) to every connected client. */
  dispatch(event: string, data: Json): void;
  /** IDENTIFY payloads received so far. */
  identifies: Json[];
  connections(): number;
  close(): void;
}

/**
 * The Discord gateway on `/gateway`: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs,
 * RESUME → RESUMED. A privileged intent the app lacks closes the socket with 4014, as Discord does.
 *
 * @example
 * const gateway = startFakeGateway(server, state, { heartbeatInterval: 500, url: () => 'ws://127.0.0.1:1234/gateway' });
 * gateway.dispatch('MESSAGE_CREATE', message);
 */
export function startFakeGateway(server: Server, state: FakeState, options: { heartbeatInterval: number; url: () => string }): FakeGateway {
  const sockets = new Set<WebSocket>();
  const identifies: Json[] = [];
  let seq = 0;
  const send = (ws: WebSocket, payload: Json) => ws.send(JSON.stringify(payload));
  const dispatch = (event: string, data: Json) => {
    seq += 1;
    for (const ws of sockets) send(ws, { op: 0, t: event, s: seq, d: data });
  };

  const wss = new WebSocketServer({ server, path: '/gateway' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    send(ws, { op: 10, s: null, t: null, d: { heartbeat_interval: options.heartbeatInterval } });
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Json;
      if (frame['op'] === 1) return send(ws, { op: 11, s: null, t: null, d: null });
      if (frame['op'] === 6) return dispatch('RESUMED', {});
      if (frame['op'] !== 2) return undefined;
      if (frame['d']?.token !== state.token) return ws.close(4004, 'Authentication failed.');
      identifies.push(frame['d']);
      if ((Number(frame['d']?.intents) & MESSAGE_CONTENT_INTENT) !== 0 && !state.messageContentAllowed) return ws.close(4014, 'Disallowed intent(s).');
      dispatch('READY', {
        v: 10,
        user: state.botUser,
        guilds: [{ id: state.guildId, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: options.url(),
        shard: [0, 1],
        application: { id: state.appId, flags: state.appFlags },
        private_channels: [],
        relationships: [],
        presences: [],
        geo_ordered_rtc_regions: [],
      });
      return dispatch('GUILD_CREATE', guildJson(state));
    });
  });

  return {
    dispatch,
    identifies,
    connections: () => sockets.size,
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
