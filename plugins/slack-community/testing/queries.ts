import type { CommunityBot } from './start-community-bot.ts';

/** The community inbox's conversations in the simulator. */
export const inboxConversations = (run: CommunityBot) => run.chatwoot.conversations().filter((c) => c.inbox_id === run.inboxId);

/** The members' (incoming) messages of a conversation, as the bot's Chatwoot view holds them. */
export const incoming = (run: CommunityBot, conversationId: number) => run.bot.chatwoot.messages(conversationId).filter((m) => m.message_type === 'incoming');
