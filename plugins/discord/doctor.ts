import { ChannelType, Events, PermissionFlagsBits, type Client, type GuildBasedChannel } from 'discord.js';
import type { DoctorCheck, Logger } from '../../src/index.ts';
import { createDiscordClient } from './create-discord-client.ts';
import { createDiscordApi } from './discord-api.ts';
import { discordMessage } from './errors.ts';
import { missingStatusTags } from './forum-tags.ts';
import { OFF_LINE, readDiscordEnv, type DiscordEnv, type DiscordSettings } from './settings.ts';

const MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19);
const CHANNEL_CAP = 500;
const CHANNEL_WARN = 450;
const PORTAL = 'Discord Developer Portal → your application → Bot';

/**
 * `switchboard doctor` rows for Discord: login, the Message Content intent, the channel, and the
 * bot's permissions there (Send Messages, Manage Threads, Manage Webhooks; the status tags in
 * `forum` mode; Manage Channels and the 500-channel cap in `channel` mode).
 *
 * @example
 * const rows = await discordDoctor({ env: process.env, config, log });
 */
export async function discordDoctor(input: { env: Readonly<Record<string, string | undefined>>; config: DiscordSettings; log: Logger }): Promise<DoctorCheck[]> {
  let env: DiscordEnv | undefined;
  try {
    env = readDiscordEnv(input.env, input.config.mode);
  } catch (error) {
    return [{ check: 'discord settings', ok: false, detail: (error as Error).message }];
  }
  if (!env) {
    return [{ check: 'discord', ok: true, warn: true, detail: 'off (no DISCORD_BOT_TOKEN)', fix: OFF_LINE.replace(/^discord: off — /, '') }];
  }
  const client = createDiscordClient({ token: env.token, ...(input.config.restApi ? { restApi: input.config.restApi } : {}) });
  try {
    return await runChecks(client, env, input.config);
  } finally {
    await client.destroy();
  }
}

async function runChecks(client: Client, env: DiscordEnv, config: DiscordSettings): Promise<DoctorCheck[]> {
  const rows: DoctorCheck[] = [];
  const api = createDiscordApi(client.rest);
  try {
    const me = await api.getCurrentUser();
    rows.push({ check: 'discord login', ok: true, detail: `logged in as ${me.username}` });
  } catch (error) {
    rows.push({ check: 'discord login', ok: false, detail: discordMessage(error), fix: `${PORTAL} → Reset Token, and set DISCORD_BOT_TOKEN to it` });
    return rows;
  }
  const app = await api.getCurrentApplication();
  const intentOn = ((app.flags ?? 0) & MESSAGE_CONTENT_FLAGS) !== 0;
  rows.push(
    intentOn
      ? { check: 'discord intents', ok: true, detail: 'Message Content intent is on' }
      : { check: 'discord intents', ok: false, detail: 'the Message Content intent is off: messages would arrive empty', fix: `${PORTAL} → Privileged Gateway Intents → turn on "MESSAGE CONTENT INTENT"` },
  );
  if (!intentOn) return rows;

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    setTimeout(() => reject(new Error('no READY from the gateway within 15 s')), 15_000).unref();
  });
  try {
    await client.login(env.token);
    await ready;
  } catch (error) {
    rows.push({ check: 'discord gateway', ok: false, detail: (error as Error).message });
    return rows;
  }
  const guild = client.guilds.cache.get(env.guildId);
  if (!guild) {
    rows.push({ check: 'discord guild', ok: false, detail: `the bot is not in guild ${env.guildId}`, fix: 'invite the bot with the bot and applications.commands scopes, or fix DISCORD_GUILD_ID' });
    return rows;
  }
  const channel = guild.channels.cache.get(env.channelId);
  if (!channel) {
    rows.push({ check: 'discord channel', ok: false, detail: `no channel ${env.channelId} visible in ${guild.name}`, fix: 'fix DISCORD_CHANNEL_ID, or let the bot view the channel' });
    return rows;
  }
  const mode = config.mode ?? (channel.type === ChannelType.GuildForum ? 'forum' : 'thread');
  rows.push({ check: 'discord channel', ok: true, detail: `#${channel.name} (${mode} mode)` });
  rows.push(permissionRow('discord permissions', channel, mode === 'channel' ? [] : ['SendMessages', 'SendMessagesInThreads', 'CreatePublicThreads', 'ManageThreads', 'ManageWebhooks', 'AddReactions', 'ReadMessageHistory']));
  if (mode === 'forum') rows.push(forumTagsRow(channel));
  if (mode === 'channel') {
    const category = env.categoryId ? guild.channels.cache.get(env.categoryId) : undefined;
    if (!category) rows.push({ check: 'discord category', ok: false, detail: `no category ${env.categoryId ?? '(unset)'}`, fix: 'set DISCORD_CATEGORY_ID to a category the bot can see' });
    else rows.push(permissionRow('discord category permissions', category, ['ManageChannels', 'SendMessages', 'ManageWebhooks', 'AddReactions', 'ReadMessageHistory']));
    const count = guild.channels.cache.size;
    rows.push(
      count >= CHANNEL_WARN
        ? { check: 'discord channel count', ok: true, warn: true, detail: `${count} of Discord's ${CHANNEL_CAP} channels in use`, fix: 'use resolved: "delete", or the thread/forum mode' }
        : { check: 'discord channel count', ok: true, detail: `${count} of ${CHANNEL_CAP} channels` },
    );
  }
  return rows;
}

/** Forum posts show the status as a tag: fine when the tags exist or the bot may create them. */
function forumTagsRow(channel: GuildBasedChannel): DoctorCheck {
  const check = 'discord forum tags';
  const { missing, room } = missingStatusTags('availableTags' in channel ? channel.availableTags : []);
  if (missing.length === 0) return { check, ok: true, detail: 'open, pending, resolved and snoozed exist' };
  const create = `create the tags ${missing.join(', ')} in #${channel.name} yourself`;
  if (room < missing.length) return { check, ok: true, warn: true, detail: `#${channel.name} has no room (20 tags at most) for ${missing.join(', ')}`, fix: `remove unused tags, or ${create}` };
  const me = channel.guild.members.me;
  if (me && channel.permissionsFor(me).has(PermissionFlagsBits.ManageChannels)) return { check, ok: true, detail: `missing ${missing.join(', ')}: created on first use` };
  return { check, ok: true, warn: true, detail: `#${channel.name} lacks the tags ${missing.join(', ')} and the bot cannot create them (no Manage Channels)`, fix: `give the bot Manage Channels on #${channel.name}, or ${create}` };
}

function permissionRow(check: string, channel: GuildBasedChannel, needed: Array<keyof typeof PermissionFlagsBits>): DoctorCheck {
  const me = channel.guild.members.me;
  const granted = me ? channel.permissionsFor(me) : null;
  const missing = needed.filter((name) => !granted?.has(PermissionFlagsBits[name]));
  return missing.length === 0
    ? { check, ok: true, detail: `all of ${needed.join(', ')}` }
    : { check, ok: false, detail: `missing ${missing.join(', ')} in #${channel.name}`, fix: `Server Settings → Roles (or the channel's Permissions): give the bot ${missing.join(', ')}` };
}
