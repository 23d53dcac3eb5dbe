import type { Json } from '../../discord/testing/fake-discord.ts';
import type { CommunityBot } from './start-community-bot.ts';

/** The community inbox's conversations in the simulator. */
export const inboxConversations = (run: CommunityBot) => run.chatwoot.conversations().filter((c) => c.inbox_id === run.inboxId);

/** The members' (incoming) messages of a conversation, as the bot's Chatwoot view holds them. */
export const incoming = (run: CommunityBot, conversationId: number) => run.bot.chatwoot.messages(conversationId).filter((m) => m.message_type === 'incoming');

/** What the bot itself posted in a Discord thread or DM channel of the fake. */
export const botPosts = (run: CommunityBot, channelId: string) => run.fake.messagesIn(channelId).filter((m: Json) => m['author']?.['id'] === run.fake.botUser['id']);
