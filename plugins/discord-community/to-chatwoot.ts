import { Events, MessageType, type Message } from 'discord.js';
import type { Member } from '../../src/index.ts';
import type { CommunityDeps } from './deps.ts';
import type { IncomingPayload } from './executors.ts';
import { SURFACE } from './thread-map.ts';

/**
 * Discord → Chatwoot: a member's message in a thread (or forum post) of the support channel is
 * queued as an incoming message of the community inbox, once per Discord message (the outbox id),
 * with the text as the member wrote it (attachments follow as their URLs, one a line). Bots,
 * webhooks, system messages and the agents of `userMap` are not customers and are ignored.
 *
 * @example
 * listenToMembers(deps);
 */
export function listenToMembers(deps: CommunityDeps): void {
  const { ctx, client, env } = deps;
  client.on(Events.MessageCreate, (message) => {
    if (!isCustomerMessage(deps, message)) return;
    const content = [message.content, ...message.attachments.map((a) => a.url)].filter(Boolean).join('\n');
    if (!content) {
      ctx.log.warn({ channel: message.channelId }, 'discord-community: a message arrived without content — turn on the Message Content intent (Developer Portal → Bot)');
      return;
    }
    const member: Member = {
      identifier: `discord:${message.author.id}`,
      name: message.member?.displayName ?? message.author.globalName ?? message.author.username,
      ...(message.author.avatarURL() ? { avatarUrl: message.author.avatarURL()! } : {}),
    };
    const payload: IncomingPayload = { threadId: message.channelId, messageId: message.id, member, content };
    ctx.outbox.enqueue('incoming', message.channelId, payload, { id: `${SURFACE}:in:${message.id}` }).catch((error: unknown) => {
      ctx.log.error({ err: error, guild: env.guildId }, 'discord-community: could not queue a member message');
    });
  });
}

/** A person's ordinary message in a thread of the support channel, not written by a mapped agent. */
function isCustomerMessage(deps: CommunityDeps, message: Message): boolean {
  if (message.guildId !== deps.env.guildId) return false;
  if (message.author.bot || message.webhookId || message.system) return false;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return false;
  if (!message.channel.isThread() || message.channel.parentId !== deps.env.supportChannelId) return false;
  return deps.ctx.config.userMap[message.author.id] === undefined;
}
