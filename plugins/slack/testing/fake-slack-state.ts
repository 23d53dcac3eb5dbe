/** The fake Slack's workspace: channels with their messages (threads), users, files, ephemerals. */

export interface FakeMessage {
  ts: string;
  channel: string;
  text: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  icon_url?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: Array<{ id: string; name: string; size: number }>;
  reactions?: Array<{ name: string; users: string[] }>;
  edited?: boolean;
  deleted?: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  is_bot?: boolean;
  image?: string;
  /** Their workspace: another team's id makes them a Slack Connect guest of a shared channel. Default HOME_TEAM. */
  team?: string;
}

/** The fake workspace's own team id (auth.test's `team_id`). */
export const HOME_TEAM = 'T1';

export interface FakeChannel {
  id: string;
  name: string;
  members: string[];
  messages: FakeMessage[];
  /** A Slack Connect channel (shared with other workspaces). */
  shared?: boolean;
  /** Archived: posting answers `is_archived`. */
  archived?: boolean;
}

export interface FakeFile {
  id: string;
  name: string;
  bytes: Buffer;
  mimetype: string;
}

export const BOT_USER = 'UBOT';
export const BOT_ID = 'BBOT';

/** A monotonic Slack-style `ts`: seconds.micro, unique per fake. */
export function createTsClock(): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(Date.now() * 1000, last + 1);
    last = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
}

export function createFakeState(options: { channels?: Array<{ id: string; name?: string; members?: string[]; shared?: boolean }>; users?: FakeUser[] }) {
  const channels = new Map<string, FakeChannel>();
  for (const c of options.channels ?? [{ id: 'C0MIRROR' }]) {
    channels.set(c.id, { id: c.id, name: c.name ?? c.id.toLowerCase(), members: c.members ?? [BOT_USER], messages: [], ...(c.shared ? { shared: true } : {}) });
  }
  const users = new Map<string, FakeUser>([[BOT_USER, { id: BOT_USER, name: 'switchboard', is_bot: true }]]);
  for (const u of options.users ?? []) users.set(u.id, u);
  const files = new Map<string, FakeFile>();
  const ephemerals: Array<{ channel: string; user: string; text: string; thread_ts?: string }> = [];
  const userGroups = new Map<string, string[]>();
  const nextTs = createTsClock();
  /**
   * Misbehaviour a test switches on: `membersCursor: 'repeat'` makes conversations.members page for
   * ever; `membersPageSize` answers fewer members per page than asked (Slack may).
   */
  const hostile: { membersCursor?: 'repeat'; membersPageSize?: number } = {};

  const find = (channel: string, ts: string) => channels.get(channel)?.messages.find((m) => m.ts === ts);
  return {
    channels,
    users,
    files,
    ephemerals,
    userGroups,
    hostile,
    nextTs,
    find,
    /** Messages of one thread (parent first), deleted ones excluded. */
    thread(channel: string, threadTs: string): FakeMessage[] {
      return (channels.get(channel)?.messages ?? []).filter((m) => !m.deleted && (m.ts === threadTs || m.thread_ts === threadTs));
    },
    /** Top-level messages of a channel (thread parents and loose posts). */
    parents(channel: string): FakeMessage[] {
      return (channels.get(channel)?.messages ?? []).filter((m) => !m.deleted && (m.thread_ts === undefined || m.thread_ts === m.ts));
    },
    add(message: FakeMessage): FakeMessage {
      const channel = channels.get(message.channel);
      if (!channel) throw new Error(`fake slack: no channel ${message.channel}`);
      channel.messages.push(message);
      return message;
    },
  };
}

export type FakeState = ReturnType<typeof createFakeState>;
