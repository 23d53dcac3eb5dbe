import { messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

/** What a member does in direct messages with the bot, and what makes the bot unable to answer. */
export interface DmActions {
  /** The DM channel between the bot and `user` (made on first use, as Discord does). */
  dmChannel(user: Json): string;
  /** `user` writes to the bot in their DM (MESSAGE_CREATE without `guild_id`); returns the message. */
  dmMessage(user: Json, content: string, extra?: Json): Json;
  /** `user` stops accepting DMs from the bot — or leaves the server (same answer): posts get 403 / 50007. */
  refuseDms(user: Json): void;
}

/**
 * Direct messages in the fake Discord: DM channels (type 1, with the member as recipient, never in
 * the guild's channel list), members writing there, and members who block DMs or leave — then
 * Discord answers 403 "Cannot send messages to this user" (50007).
 *
 * @example
 * const dms = dmActions(state, gateway);
 * dms.dmMessage(ada, 'Hi, can you help?');
 * dms.refuseDms(ada);
 */
export function dmActions(state: FakeState, gateway: { dispatch(event: string, data: Json): void }): DmActions {
  const channels = new Map<string, string>();
  const dmChannel = (user: Json): string => {
    const known = channels.get(user['id']);
    if (known) return known;
    const channel = { id: snowflake(), type: 1, last_message_id: null, recipients: [user], flags: 0 };
    state.channels.set(channel.id, channel);
    channels.set(user['id'], channel.id);
    return channel.id;
  };
  return {
    dmChannel,
    dmMessage(user, content, extra = {}) {
      const channelId = dmChannel(user);
      const message = messageJson({ channel_id: channelId, content, author: user, ...extra });
      state.messages.set(message['id'], message);
      // Discord tells the channel's type in a DM's MESSAGE_CREATE (the channel is not cached).
      gateway.dispatch('MESSAGE_CREATE', { ...message, channel_type: 1 });
      return message;
    },
    refuseDms(user) {
      (state.dmRefused ??= new Set()).add(user['id']);
    },
  };
}
