import { ChannelType, MessageType, type Message, type PartialMessage } from 'discord.js';
import type { Member } from '../../src/index.ts';
import type { CommunityDeps } from './deps.ts';
import type { Place } from './thread-map.ts';

/**
 * Where a customer's message was written — a thread (or forum post) of the support channel, or a
 * DM to the bot when `directMessages` is on — or undefined when it is not a customer's: bots,
 * webhooks (our own `postAs: 'webhook'` posts included), system messages, other channels, and
 * the agents of `userMap`.
 *
 * @example
 * const place = customerPlace(deps, message); // { channelId: '123', dm: false }
 */
export function customerPlace(deps: Pick<CommunityDeps, 'ctx' | 'env'>, message: Message | PartialMessage): Place | undefined {
  const { ctx, env } = deps;
  if (!message.author || message.author.bot || message.webhookId || message.system) return undefined;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return undefined;
  if (ctx.config.userMap[message.author.id] !== undefined) return undefined;
  if (message.guildId === null) {
    return ctx.config.directMessages && message.channel.type === ChannelType.DM ? { channelId: message.channelId, dm: true } : undefined;
  }
  if (message.guildId !== env.guildId) return undefined;
  const channel = message.channel;
  return channel.isThread() && channel.parentId === env.supportChannelId ? { channelId: message.channelId, dm: false } : undefined;
}

/**
 * The member behind a message, as a Chatwoot contact: `discord:<user id>`, the server name (or the
 * global name, or the username), the avatar.
 *
 * @example
 * memberOf(message); // { identifier: 'discord:42', name: 'Ada', avatarUrl: 'https://cdn.discordapp.com/…' }
 */
export function memberOf(message: Message): Member {
  const avatar = message.author.avatarURL();
  return {
    identifier: `discord:${message.author.id}`,
    name: message.member?.displayName ?? message.author.globalName ?? message.author.username,
    ...(avatar ? { avatarUrl: avatar } : {}),
  };
}
