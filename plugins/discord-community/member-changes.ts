import { Events, type Message, type PartialMessage } from 'discord.js';
import type { CommunityDeps } from './deps.ts';
import { customerPlace, memberOf } from './customer-message.ts';
import type { MemberDeletePayload, MemberEditPayload } from './member-writes.ts';
import { placeKey, SURFACE } from './thread-map.ts';

/**
 * A member's edits and deletes, carried to Chatwoot through the outbox (same lane as the message,
 * so they follow it): an edit (`MessageUpdate` with a new `edited_timestamp` and other text; an
 * uncached message arrives as a partial and is read in full first) becomes `member-edit`; a delete
 * (`MessageDelete`, cached or not) of a message that went in becomes `member-delete`.
 *
 * @example
 * followMemberChanges(deps);
 */
export function followMemberChanges(deps: CommunityDeps): void {
  const { ctx, client } = deps;
  const fail = (what: string) => (error: unknown) => ctx.log.error({ err: error }, `discord-community: could not queue a member's ${what}`);

  client.on(Events.MessageUpdate, (before, after) => {
    // Checked before anything is fetched: updates anywhere else in the server cost nothing.
    if (!watched(deps, after)) return;
    void complete(after)
      .then(async (message) => {
        if (!message?.editedTimestamp || (!before.partial && before.content === message.content)) return;
        const place = customerPlace(deps, message);
        if (!place || !message.content) return;
        const key = placeKey(place);
        const payload: MemberEditPayload = { key, messageId: message.id, member: memberOf(message), content: message.content, editedAt: message.editedTimestamp };
        await ctx.outbox.enqueue('member-edit', key, payload, { id: `${SURFACE}:in-edit:${message.id}:${message.editedTimestamp}` });
      })
      .catch(fail('edit'));
  });

  client.on(Events.MessageDelete, (message) => {
    // Uncached: only the ids are known; the executor acts only on a message that went in.
    if (message.author && customerPlace(deps, message) === undefined) return;
    if (!watched(deps, message)) return;
    const key = placeKey({ channelId: message.channelId, dm: message.guildId === null });
    const payload: MemberDeletePayload = { messageId: message.id };
    ctx.outbox.enqueue('member-delete', key, payload, { id: `${SURFACE}:in-delete:${message.id}` }).catch(fail('delete'));
  });
}

/** The message is in a support thread, or in a DM while DMs are on (known for partials too). */
function watched(deps: CommunityDeps, message: Message | PartialMessage): boolean {
  if (message.guildId === null) return deps.ctx.config.directMessages;
  const channel = message.channel;
  return message.guildId === deps.env.guildId && channel.isThread() && channel.parentId === deps.env.supportChannelId;
}

/** The whole message behind a possibly partial one (undefined when Discord no longer has it). */
async function complete(message: Message | PartialMessage): Promise<Message | undefined> {
  if (!message.partial) return message;
  try {
    return await message.fetch();
  } catch {
    return undefined;
  }
}
