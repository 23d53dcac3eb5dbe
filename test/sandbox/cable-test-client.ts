import { WebSocket } from 'ws';
import type { ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** A decoded frame from the simulator. */
export type Frame = Record<string, unknown> & {
  type?: string;
  identifier?: string;
  message?: { event: string; data: Record<string, unknown> };
};

export interface TestCableClient {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  subscribe(identifier: string): void;
  /** Waits for the first frame (after index `from`) that matches; returns it. */
  next(match: (f: Frame) => boolean, what?: string, from?: number): Promise<Frame>;
  /** Frames carrying `message` for one identifier. */
  events(identifier?: string): Array<{ event: string; data: Record<string, unknown> }>;
  close(code?: number, reason?: string): void;
}

/** The identifier the Chatwoot dashboard sends (key order matters: it is compared as a string). */
export function identifierFor(sim: ChatwootSimulator, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    channel: 'RoomChannel',
    pubsub_token: sim.agent.pubsubToken,
    account_id: sim.accountId,
    user_id: sim.agent.id,
    ...overrides,
  });
}

/** A plain `ws` client speaking actioncable-v1-json; resolves after the welcome frame. */
export async function connectCable(
  url: string,
  opts: { protocols?: string[]; origin?: string } = {},
): Promise<TestCableClient> {
  const ws = new WebSocket(url, opts.protocols ?? ['actioncable-v1-json', 'actioncable-unsupported'], opts.origin ? { origin: opts.origin } : {});
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Frame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => undefined);
  const client: TestCableClient = {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    subscribe: (identifier) => client.send({ command: 'subscribe', identifier }),
    next: (match, what = 'frame', from = 0) =>
      waitFor(() => frames.slice(from).find(match), { what, timeoutMs: 3_000 }),
    events: (identifier) =>
      frames
        .filter((f) => f.message && (identifier === undefined || f.identifier === identifier))
        .map((f) => f.message!)
        .filter((m) => m.event !== 'presence.update'),
    close: (code = 1000, reason = '') => ws.close(code, reason),
  };
  await client.next((f) => f.type === 'welcome', 'welcome');
  return client;
}

/** Connects and waits for the confirmation of the dashboard identifier. */
export async function connectSubscribed(sim: ChatwootSimulator): Promise<{ client: TestCableClient; identifier: string }> {
  const client = await connectCable(sim.cableUrl);
  const identifier = identifierFor(sim);
  client.subscribe(identifier);
  await client.next((f) => f.type === 'confirm_subscription' && f.identifier === identifier, 'confirm');
  return { client, identifier };
}
