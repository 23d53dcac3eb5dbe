import { memberJson, snowflake, threadJson, type FakeDiscord, type Json } from '../../discord/testing/fake-discord.ts';

/**
 * A community member of the fake guild (not the fake's human, who plays the agent).
 *
 * @example
 * const ada = fakeMember('ada', 'Ada');
 */
export function fakeMember(username: string, globalName: string): Json {
  return { id: snowflake(), username, discriminator: '0', global_name: globalName, avatar: null };
}

/**
 * The member opens a thread (in a forum: a post) in the support channel, as Discord announces it
 * (THREAD_CREATE); returns its id.
 *
 * @example
 * const threadId = memberThread(fake, ada, 'My order is late');
 */
export function memberThread(fake: FakeDiscord, member: Json, name: string): string {
  const thread = threadJson(fake.state, fake.channelId, { name, owner_id: member['id'] });
  fake.state.channels.set(thread['id'], thread);
  fake.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
  return thread['id'] as string;
}

/**
 * The member writes in a channel or thread (MESSAGE_CREATE with their user and guild member). As on
 * Discord, writing in an archived thread opens it again (THREAD_UPDATE), and a locked one refuses
 * the member (this throws).
 *
 * @example
 * memberMessage(fake, threadId, ada, 'Hello?');
 */
export function memberMessage(fake: FakeDiscord, channelId: string, member: Json, content: string, extra: Json = {}): Json {
  const meta = fake.channel(channelId)?.['thread_metadata'];
  if (meta?.locked) throw new Error(`fake discord: thread ${channelId} is locked — a member cannot write there`);
  if (meta?.archived) {
    meta.archived = false;
    fake.dispatch('THREAD_UPDATE', fake.channel(channelId)!);
  }
  return fake.humanMessage(channelId, content, { author: member, member: memberJson(member, []), ...extra });
}
