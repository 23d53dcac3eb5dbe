import { ChannelType, Events, PermissionFlagsBits, type Client, type GuildBasedChannel } from 'discord.js';
import { communityInboxDoctor, type DoctorCheck } from '../../src/index.ts';
import { createDiscordApi, createDiscordClient, discordMessage } from '../discord/kit.ts';
import { OFF_LINE, readCommunityEnv, type CommunityEnv, type CommunitySettings } from './settings.ts';

const MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19);
const PORTAL = 'Discord Developer Portal → your application → Bot';
const CHECK = 'discord-community';

/**
 * `switchboard doctor` rows for the Discord community surface: login, the Message Content intent,
 * the support channel (exists, is a text channel or a forum, and the bot may read it, write in its
 * threads and archive them — plus Manage Webhooks with `postAs: 'webhook'`), and what DMs need.
 * The community inbox itself (exists, is an API inbox, its callback) is checked by the core doctor
 * whenever COMMUNITY_INBOX_ID is set, so it is not repeated here.
 *
 * @example
 * const rows = await communityDoctor({ env: process.env, config });
 */
export async function communityDoctor(input: { env: Readonly<Record<string, string | undefined>>; config: CommunitySettings }): Promise<DoctorCheck[]> {
  const inbox = await communityInboxDoctor(CHECK, input.config, input.env);
  if (inbox.off) return inbox.rows;
  const env = readCommunityEnv(input.env, input.config, inbox.inboxId);
  if (!env) return [...inbox.rows, { check: CHECK, ok: true, warn: true, detail: 'off (not configured)', fix: OFF_LINE.replace(/^discord-community: off — /, '') }];
  const client = createDiscordClient({ token: env.token, ...(input.config.restApi ? { restApi: input.config.restApi } : {}) });
  try {
    return [...(await runChecks(client, env, input.config)), ...inbox.rows];
  } finally {
    await client.destroy();
  }
}

async function runChecks(client: Client, env: CommunityEnv, config: CommunitySettings): Promise<DoctorCheck[]> {
  const api = createDiscordApi(client.rest);
  const rows: DoctorCheck[] = [];
  try {
    const me = await api.getCurrentUser();
    rows.push({ check: `${CHECK} login`, ok: true, detail: `logged in as ${me.username}` });
  } catch (error) {
    rows.push({ check: `${CHECK} login`, ok: false, detail: discordMessage(error), fix: `${PORTAL} → Reset Token, and set DISCORD_BOT_TOKEN to it` });
    return rows;
  }
  const intentOn = (((await api.getCurrentApplication()).flags ?? 0) & MESSAGE_CONTENT_FLAGS) !== 0;
  if (!intentOn) {
    rows.push({ check: `${CHECK} intents`, ok: false, detail: "the Message Content intent is off: members' messages would arrive empty", fix: `${PORTAL} → Privileged Gateway Intents → turn on "MESSAGE CONTENT INTENT"` });
    return rows;
  }
  rows.push({ check: `${CHECK} intents`, ok: true, detail: 'Message Content is on (Guilds, Guild Messages and Direct Messages need no switch)' });
  try {
    await loginAndWait(client, env.token);
  } catch (error) {
    rows.push({ check: `${CHECK} gateway`, ok: false, detail: (error as Error).message });
    return rows;
  }
  const guild = client.guilds.cache.get(env.guildId);
  if (!guild) {
    rows.push({ check: `${CHECK} guild`, ok: false, detail: `the bot is not in guild ${env.guildId}`, fix: 'invite the bot to the server, or fix DISCORD_GUILD_ID' });
    return rows;
  }
  rows.push(...channelRows(guild.channels.cache.get(env.supportChannelId), env.supportChannelId, config));
  rows.push(
    config.directMessages
      ? { check: `${CHECK} DMs`, ok: true, detail: 'on: a DM to the bot opens a conversation; members who turn off "Direct Messages from server members" cannot get replies (logged, delivery_failed)' }
      : { check: `${CHECK} DMs`, ok: true, detail: 'off (settings["discord-community"].directMessages)' },
  );
  return rows;
}

/** The support channel: there, a text channel or a forum, and the permissions the surface uses. */
function channelRows(channel: GuildBasedChannel | undefined, id: string, config: CommunitySettings): DoctorCheck[] {
  const check = `${CHECK} support channel`;
  if (!channel) return [{ check, ok: false, detail: `no channel ${id} visible to the bot`, fix: 'fix settings["discord-community"].supportChannelId, or give the bot View Channel there' }];
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildForum) {
    return [{ check, ok: false, detail: `#${channel.name} is neither a text channel nor a forum`, fix: 'point supportChannelId at a text channel (its threads) or a forum (its posts)' }];
  }
  const needed: Array<keyof typeof PermissionFlagsBits> = ['ViewChannel', 'ReadMessageHistory', 'SendMessagesInThreads', 'ManageThreads', ...(config.postAs === 'webhook' ? (['ManageWebhooks'] as const) : [])];
  const me = channel.guild.members.me;
  const granted = me ? channel.permissionsFor(me) : null;
  const missing = needed.filter((name) => !granted?.has(PermissionFlagsBits[name]));
  const kind = channel.type === ChannelType.GuildForum ? 'forum' : 'text channel';
  return [
    { check, ok: true, detail: `#${channel.name} (${kind})` },
    missing.length === 0
      ? { check: `${CHECK} permissions`, ok: true, detail: `all of ${needed.join(', ')}` }
      : { check: `${CHECK} permissions`, ok: false, detail: `missing ${missing.join(', ')} in #${channel.name}`, fix: `Server Settings → Roles (or #${channel.name}'s Permissions): give the bot ${missing.join(', ')}` },
  ];
}

function loginAndWait(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    setTimeout(() => reject(new Error('no READY from the gateway within 15 s')), 15_000).unref();
  });
  return Promise.all([client.login(token), ready]).then(() => undefined);
}
