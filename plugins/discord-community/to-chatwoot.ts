import { Events } from 'discord.js';
import type { CommunityDeps } from './deps.ts';
import { customerPlace, memberOf } from './customer-message.ts';
import type { IncomingPayload } from './member-writes.ts';
import { placeKey, SURFACE } from './thread-map.ts';

/**
 * Discord → Chatwoot: a member's message in a thread (or forum post) of the support channel, or in
 * a DM to the bot (`directMessages`), is queued as an incoming message of the community inbox, once
 * per Discord message (the outbox id), lane = the thread / DM, with the text as the member wrote it
 * and its attachments (downloaded and uploaded when the entry runs).
 *
 * @example
 * listenToMembers(deps);
 */
export function listenToMembers(deps: CommunityDeps): void {
  const { ctx, client, env } = deps;
  client.on(Events.MessageCreate, (message) => {
    const place = customerPlace(deps, message);
    if (!place) return;
    const files = message.attachments.map((a) => ({ name: a.name, size: a.size, url: a.url, contentType: a.contentType }));
    if (!message.content && files.length === 0) {
      ctx.log.warn({ channel: message.channelId }, 'discord-community: a message arrived without content — turn on the Message Content intent (Developer Portal → Bot)');
      return;
    }
    const key = placeKey(place);
    const payload: IncomingPayload = { key, messageId: message.id, member: memberOf(message), content: message.content, files };
    ctx.outbox.enqueue('incoming', key, payload, { id: `${SURFACE}:in:${message.id}` }).catch((error: unknown) => {
      ctx.log.error({ err: error, guild: env.guildId }, 'discord-community: could not queue a member message');
    });
  });
}
