import { DELETED_TEXT } from '../../plugins/discord/format-message.ts';
import type { Json } from '../../plugins/discord/testing/fake-discord.ts';
import { startDiscordBot, type DiscordBot } from '../../plugins/discord/testing/start-discord-bot.ts';
import { runSurfaceContract, type SurfacePost, type SurfaceRun } from './surface.contract.ts';

/**
 * Whether Discord would notify everyone for this message: its text says `@everyone` / `@here` (not
 * defused) and its `allowed_mentions` let it — as Discord itself decides.
 */
function pingsEveryone(message: Json): boolean {
  const parse = message['allowed_mentions']?.parse;
  const allowed = !Array.isArray(parse) || parse.includes('everyone');
  return allowed && /@(everyone|here)/.test(String(message['content'] ?? ''));
}

/** The fake Discord as the contract reads it: the webhook posts in each conversation's thread. */
function discordRun(run: DiscordBot): SurfaceRun {
  const { bot, fake } = run;
  const threads = new Map<number, string>();
  const threadOf = async (conversationId: number) => {
    const threadId = threads.get(conversationId) ?? (await run.placeOf(conversationId));
    threads.set(conversationId, threadId);
    return threadId;
  };
  const toPost = (m: Json): SurfacePost => ({
    text: String(m['content'] ?? ''),
    author: String(m['author']?.username ?? ''),
    // Only the bridge's own embed marks a note.
    note: (m['embeds'] ?? []).some((e: Json) => String(e['description'] ?? '').includes('Internal note')),
    deleted: m['content'] === DELETED_TEXT,
    pingsEveryone: pingsEveryone(m),
  });
  const channelOf = (ref: string) => [...fake.state.messages.values()].find((m) => m['id'] === ref)?.['channel_id'] as string | undefined;
  const placeOfRef = new Map<string, string>();
  return {
    bot,
    thread: async (conversationId) => void (await threadOf(conversationId)),
    posts(conversationId) {
      const threadId = threads.get(conversationId);
      return threadId ? run.posts(threadId).map(toPost) : [];
    },
    async write(conversationId, text) {
      const threadId = await threadOf(conversationId);
      const sent = fake.humanMessage(threadId, text);
      placeOfRef.set(sent['id'], threadId);
      return { ref: sent['id'] as string };
    },
    async remove(_conversationId, message) {
      fake.humanDelete(message.ref);
    },
    feedback(message) {
      const threadId = placeOfRef.get(message.ref) ?? channelOf(message.ref);
      return {
        flagged: fake.state.reactions.some((r) => r.messageId === message.ref && r.emoji === '⚠️'),
        // The bot's answers to the person's message (Discord has no private messages outside interactions).
        notices: threadId
          ? fake
              .messagesIn(threadId)
              .filter((m) => !m['webhook_id'] && m['message_reference']?.message_id === message.ref)
              .map((m) => String(m['content']))
          : [],
      };
    },
    stop: () => run.stop(),
  };
}

runSurfaceContract({ name: 'discord', massMention: '@everyone', start: async () => discordRun(await startDiscordBot()) });
