import type { WebSocket } from 'ws';

/**
 * ActionCable 7.1 `Connection::Subscriptions` + Chatwoot's `RoomChannel`, for one connection.
 * What matters is what the client does NOT get: a bad token, user or account yields silence (the
 * RecordNotFound is swallowed), yet the subscription stays registered so the same identifier is
 * ignored afterwards (chatwoot-internals §1.3–1.4).
 */

export interface CableSubscription {
  identifier: string;
  confirmed: boolean;
  /** The pubsub token whose stream it joined (null when the lookup failed). */
  token: string | null;
}

export interface CableConnection {
  ws: WebSocket;
  subscriptions: Map<string, CableSubscription>;
  /** Set when the server ends the socket, so its close is not counted as the client's. */
  closingByServer: boolean;
}

export interface ClientCommand {
  command: string;
  identifier: string;
  data?: string;
}

export interface CommandEnv {
  accountId: number;
  agent(): { id: number; pubsubToken: string };
  isLive(sub: CableSubscription): boolean;
  send(conn: CableConnection, frame: unknown): void;
  /** `update_subscription` + `broadcast_presence`. */
  presence(userId: number): void;
  commands: ClientCommand[];
  malformed: string[];
}

/** Rails `find_by!(id:)` accepts `1` and `"1"`. */
export function sameId(value: unknown, expected: number): boolean {
  if (typeof value === 'number') return value === expected;
  if (typeof value === 'string') return /^\s*\d+\s*$/.test(value) && Number(value) === expected;
  return false;
}

function parseObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Handles one client frame; never throws. */
export function handleClientFrame(env: CommandEnv, conn: CableConnection, raw: string): void {
  const frame = parseObject(raw);
  if (!frame || typeof frame['command'] !== 'string' || typeof frame['identifier'] !== 'string') {
    env.malformed.push(raw);
    return;
  }
  const command: ClientCommand = { command: frame['command'], identifier: frame['identifier'] };
  if (typeof frame['data'] === 'string') command.data = frame['data'];
  env.commands.push(command);

  switch (command.command) {
    case 'subscribe':
      return subscribe(env, conn, command.identifier);
    case 'unsubscribe':
      conn.subscriptions.delete(command.identifier);
      return;
    case 'message':
      return perform(env, conn, command);
    default:
      // ActionCable logs "Received unrecognized command" and answers nothing.
      return;
  }
}

function subscribe(env: CommandEnv, conn: CableConnection, identifier: string): void {
  const params = parseObject(identifier);
  if (!params) return; // JSON decode error: logged by Rails, nothing registered, nothing sent.
  if (conn.subscriptions.has(identifier)) return;
  if (params['channel'] !== 'RoomChannel') {
    env.send(conn, { identifier, type: 'reject_subscription' });
    return;
  }
  const sub: CableSubscription = { identifier, confirmed: false, token: null };
  // Registered before `subscribed` runs, so a failing lookup still blocks this identifier.
  conn.subscriptions.set(identifier, sub);

  const agent = env.agent();
  const ok =
    params['pubsub_token'] === agent.pubsubToken &&
    sameId(params['user_id'], agent.id) &&
    sameId(params['account_id'], env.accountId);
  // Contact subscriptions (no user_id) are not simulated: they fail like a bad token.
  if (!ok) return;
  sub.token = agent.pubsubToken;
  sub.confirmed = true;
  env.send(conn, { identifier, type: 'confirm_subscription' });
  // `subscribed` also runs update_subscription + broadcast_presence.
  env.presence(agent.id);
}

function perform(env: CommandEnv, conn: CableConnection, command: ClientCommand): void {
  const sub = conn.subscriptions.get(command.identifier);
  if (!sub || !env.isLive(sub)) return;
  const data = parseObject(command.data);
  if (data?.['action'] === 'update_presence') env.presence(env.agent().id);
}
