import type { FakeGateway } from './fake-discord-gateway.ts';
import { memberJson, messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

/** Permissions the bot gets through @everyone by default: everything the plugin needs. */
export const ALL_PERMISSIONS = '2199023255551';

/** What a person in the guild does: write, edit, delete, type `/chatwoot`, press buttons. */
export interface HumanActions {
  /** A human writes in a channel or thread (MESSAGE_CREATE). */
  humanMessage(channelId: string, content: string, extra?: Json): Json;
  /** Replaces a stored message's fields and dispatches MESSAGE_UPDATE (in a guild channel, a thread or a DM). */
  humanEdit(messageId: string, content: string): void;
  humanDelete(messageId: string): void;
  /** `/chatwoot <sub> [options]` typed by the human in `channelId`. */
  slashCommand(channelId: string, subcommand: string, options?: Json[], member?: { roles?: string[]; user?: Json }): Json;
  /** The human clicks a button of `messageId`. */
  clickButton(channelId: string, messageId: string, customId: string): Json;
  /** A moderator sets a forum post's tags by hand (THREAD_UPDATE). */
  humanTagPost(postId: string, tagIds: string[]): void;
}

/**
 * The fake guild's human, acting over the gateway as a Discord client would see it.
 *
 * @example
 * const human = humanActions(state, gateway);
 * human.humanMessage(threadId, 'hello');
 */
export function humanActions(state: FakeState, gateway: Pick<FakeGateway, 'dispatch'>): HumanActions {
  const { guildId, human } = state;
  const member = (roles: string[], user: Json = human) => ({ ...memberJson(user, roles), permissions: ALL_PERMISSIONS });
  const stored = (messageId: string) => {
    const message = state.messages.get(messageId);
    if (!message) throw new Error(`fake discord: no message ${messageId}`);
    return message;
  };
  // Events of a message in a DM carry no guild_id, as Discord sends them.
  const guildOf = (message: Json) => (state.channels.get(message['channel_id'])?.['type'] === 1 ? {} : { guild_id: guildId });
  const interaction = (channelId: string, fields: Json, who?: { roles?: string[]; user?: Json }) => {
    const channel = state.channels.get(channelId);
    if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
    const payload = {
      id: snowflake(),
      application_id: state.appId,
      token: `itoken-${snowflake()}`,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel,
      member: member(who?.roles ?? state.humanRoles, who?.user),
      app_permissions: ALL_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...fields,
    };
    gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  };

  return {
    humanMessage(channelId, content, extra = {}) {
      const message = messageJson({ channel_id: channelId, guild_id: guildId, content, author: human, member: memberJson(human, state.humanRoles), ...extra });
      state.messages.set(message['id'], message);
      gateway.dispatch('MESSAGE_CREATE', message);
      return message;
    },
    humanEdit(messageId, content) {
      const message = stored(messageId);
      Object.assign(message, { content, edited_timestamp: new Date().toISOString() });
      gateway.dispatch('MESSAGE_UPDATE', { ...message, ...guildOf(message) });
    },
    humanDelete(messageId) {
      const message = stored(messageId);
      state.messages.delete(messageId);
      gateway.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: message['channel_id'], ...guildOf(message) });
    },
    slashCommand(channelId, subcommand, options = [], who) {
      const command = state.commands.find((c) => c['name'] === 'chatwoot');
      return interaction(
        channelId,
        { type: 2, data: { id: command?.['id'] ?? snowflake(), name: 'chatwoot', type: 1, guild_id: guildId, options: [{ name: subcommand, type: 1, options }] } },
        who,
      );
    },
    humanTagPost(postId, tagIds) {
      const post = state.channels.get(postId);
      if (!post) throw new Error(`fake discord: no post ${postId}`);
      post['applied_tags'] = [...tagIds];
      gateway.dispatch('THREAD_UPDATE', post);
    },
    clickButton(channelId, messageId, customId) {
      const message = stored(messageId);
      return interaction(channelId, { type: 3, message: { ...message, author: message['author'] ?? state.botUser }, data: { custom_id: customId, component_type: 2 } });
    },
  };
}
