/** Discord objects as plain JSON: the fake hands them out exactly as the real API would. */
export type Json = Record<string, any>;

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/**
 * A fresh, increasing Discord snowflake.
 *
 * @example
 * snowflake(); // '1573871978949902341'
 */
export function snowflake(): string {
  increment += 1n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (increment & 0xfffn));
}

/** Everything the fake Discord holds: the guild, its channels (threads too), messages and webhooks. */
export interface FakeState {
  token: string;
  appId: string;
  /** GET /applications/@me `flags`: 1<<18 is GATEWAY_MESSAGE_CONTENT. */
  appFlags: number;
  /** When false, IDENTIFY with the MessageContent intent is refused with close code 4014. */
  messageContentAllowed: boolean;
  guildId: string;
  botUser: Json;
  /** A human in the guild, the default author of dispatched messages and interactions. */
  human: Json;
  humanRoles: string[];
  roles: Json[];
  channels: Map<string, Json>;
  messages: Map<string, Json>;
  webhooks: Map<string, Json>;
  commands: Json[];
  reactions: Array<{ channelId: string; messageId: string; emoji: string }>;
  interactionResponses: Array<{ id: string; token: string; body: Json }>;
  followUps: Array<{ token: string; method: string; body: Json; messageId: string }>;
  /** Uploads with a file above this many bytes are refused with 413 / 40005, as Discord does. */
  uploadLimitBytes?: number;
  /** Users the bot cannot DM any more (they block DMs, or left every shared server): 50007. */
  dmRefused?: Set<string>;
}

export const ChannelTypes = { text: 0, dm: 1, category: 4, publicThread: 11, forum: 15 } as const;

/** A guild channel with every field discord.js reads. */
export function channelJson(state: FakeState, fields: Json): Json {
  return {
    id: snowflake(),
    type: ChannelTypes.text,
    guild_id: state.guildId,
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
    ...fields,
  };
}

/** A thread (or forum post) under `parentId`. */
export function threadJson(state: FakeState, parentId: string, fields: Json): Json {
  return {
    id: snowflake(),
    type: ChannelTypes.publicThread,
    guild_id: state.guildId,
    parent_id: parentId,
    owner_id: state.botUser['id'],
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    flags: 0,
    applied_tags: [],
    thread_metadata: { archived: false, locked: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString() },
    ...fields,
  };
}

/** A message with the arrays discord.js expects. */
export function messageJson(fields: Json): Json {
  return {
    id: snowflake(),
    type: 0,
    content: '',
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    ...fields,
  };
}

/** A guild member object for `user` with `roles`. */
export function memberJson(user: Json, roles: string[]): Json {
  return { user, roles, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: '0' };
}

/** The whole guild as sent in GUILD_CREATE. */
export function guildJson(state: FakeState): Json {
  const all = [...state.channels.values()];
  return {
    id: state.guildId,
    name: 'Fake Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    // Not the bot: permissions must come from roles and overwrites, as on a real server.
    owner_id: state.human['id'],
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    roles: state.roles,
    emojis: [],
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    presences: [],
    threads: all.filter((c) => c['type'] === ChannelTypes.publicThread && !c['thread_metadata']?.archived),
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    members: [memberJson(state.botUser, []), memberJson(state.human, state.humanRoles)],
    channels: all.filter((c) => c['type'] !== ChannelTypes.publicThread && c['type'] !== ChannelTypes.dm),
  };
}
