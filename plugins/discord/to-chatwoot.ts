import { Events, MessageType, type Message, type PartialMessage } from 'discord.js';
import { echoWasPrivate, failureNotice, isEchoLink, NEAR_MISS_SENT, NOTE_SAVED, parseReplyPrefix, writeId, type FailureInput } from '../../src/surface/index.ts';
import { createThreadCommands } from './commands.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { downloadAttachments } from './discord-attachments.ts';
import type { NoticePayload, ReactPayload } from './message-executors.ts';
import { replyModeOf } from './settings.ts';

/** Who wrote a Discord message that became a Chatwoot write: to address them if it fails later. */
interface AuthorRecord {
  userId: string;
}
const AUTHOR_TTL_MS = 7 * 24 * 3600_000;

/** Exactly which switch to turn on when Discord sends messages without their content. */
export const MESSAGE_CONTENT_FIX =
  'Discord delivered a message with empty content: the Message Content intent is off. Turn on Discord Developer Portal → your application → Bot → Privileged Gateway Intents → "MESSAGE CONTENT INTENT", then restart Switchboard.';

/**
 * Discord → Chatwoot: a human's message in a mirrored thread or channel becomes a reply (or a
 * private note: a lower-case `note:` / `private:` at the very start — confirmed to its author — or
 * every message under `replyMode: 'notes'` unless it starts with `reply:`), authored by the mapped
 * agent when there is one, with its attachments; `!command` lines run commands instead; deleting it
 * deletes it in Chatwoot; an edit gets a short-lived notice. Bots, webhooks (ours too) and system
 * messages are ignored. A write Chatwoot refuses for good is explained in words that fit it
 * (`flagFailure`, which the mirror calls): a failed reply or note gets a ⚠️ reaction and an
 * explanation, a failed delete — its message is gone — a notice in the thread addressed to its author.
 *
 * @example
 * createMirror(ctx, createDiscordSurface(deps, toChatwoot(deps)));
 */
export function toChatwoot(deps: DiscordDeps): { flagFailure(input: FailureInput): Promise<void> } {
  const { ctx, client } = deps;
  const runBang = createThreadCommands(deps);
  let warnedEmpty = false;
  const guard = (what: string, run: () => Promise<void>) =>
    run().catch((error: unknown) => ctx.log.error({ err: error, what }, 'discord: could not handle a Discord event'));

  const isHuman = (message: Message | PartialMessage) =>
    !message.author?.bot && !message.webhookId && !message.system && (message.type === MessageType.Default || message.type === MessageType.Reply);

  client.on(Events.MessageCreate, (message) => {
    if (message.guildId !== deps.env.guildId || !isHuman(message)) return;
    void guard('message', async () => {
      const conversationId = await ctx.links.findConversation(SURFACE, message.channelId);
      if (conversationId === undefined) return;
      if (!message.content && message.attachments.size === 0 && message.stickers.size === 0 && message.embeds.length === 0) {
        ctx.log.warn({ channel: message.channelId }, MESSAGE_CONTENT_FIX);
        if (!warnedEmpty) {
          warnedEmpty = true;
          await ctx.outbox.enqueue('react', message.channelId, { channelId: message.channelId, messageId: message.id, explanation: `⚠️ Not sent to Chatwoot. ${MESSAGE_CONTENT_FIX}` });
        }
        return;
      }
      if (await runBang(message, conversationId)) return;
      const parentId = 'parentId' in message.channel ? message.channel.parentId : null;
      const parsed = parseReplyPrefix(message.content, replyModeOf(ctx.config, message.channelId, parentId) === 'notes');
      const agentId = ctx.config.userMap[message.author.id];
      const name = message.member?.displayName ?? message.author.globalName ?? message.author.username;
      const { uploads, links } = await downloadAttachments(message);
      const write = parsed.note ? ctx.chatwoot.note : ctx.chatwoot.reply;
      await ctx.store.set(`author:${message.id}`, { userId: message.author.id } satisfies AuthorRecord, AUTHOR_TTL_MS);
      await write(conversationId, [parsed.text, ...links].filter(Boolean).join('\n'), {
        origin: { surface: SURFACE, ref: message.id },
        author: { name, ...(agentId !== undefined ? { chatwootAgentId: agentId } : {}) },
        id: writeId(SURFACE, parsed.note ? 'note' : 'reply', message.id),
        ...(uploads.length ? { attachments: uploads } : {}),
      });
      const told = parsed.prefixed ? `🔒 ${NOTE_SAVED}` : parsed.nearMiss ? `💬 ${NEAR_MISS_SENT}` : undefined;
      if (told) await ctx.outbox.enqueue('notice', message.channelId, { channelId: message.channelId, messageId: message.id, text: told, ttlMs: ctx.config.noticeTtlMs });
    });
  });

  client.on(Events.MessageDelete, (message) => {
    if (message.guildId !== deps.env.guildId) return;
    void guard('delete', async () => {
      const chatwootId = await ctx.links.findMessage(SURFACE, message.id);
      if (chatwootId === undefined) return;
      const link = await ctx.links.getMessage(chatwootId, SURFACE);
      const conversationId = await ctx.links.findConversation(SURFACE, message.channelId);
      // Only what a Discord user wrote: a moderator removing a mirrored customer message deletes nothing in Chatwoot.
      if (!isEchoLink(link) || conversationId === undefined) return;
      await ctx.chatwoot.deleteMessage(conversationId, chatwootId, { id: writeId(SURFACE, 'delete', message.id), origin: { surface: SURFACE, ref: message.id } });
    });
  });

  client.on(Events.MessageUpdate, (before, after) => {
    if (after.guildId !== deps.env.guildId || !isHuman(after)) return;
    if (!before.partial && before.content === after.content) return; // embeds unfurling, pins…
    void guard('edit', async () => {
      const chatwootId = await ctx.links.findMessage(SURFACE, after.id);
      if (chatwootId === undefined) return;
      await ctx.outbox.enqueue('notice', after.channelId, {
        channelId: after.channelId,
        messageId: after.id,
        text: '✏️ Edits are not carried over to Chatwoot: the customer keeps the original. Delete the message and send it again to correct it.',
        ttlMs: ctx.config.noticeTtlMs,
      });
    });
  });

  const flagFailure = async ({ ref, op, error, conversationId }: FailureInput): Promise<void> => {
    if (conversationId === null) return;
    const link = await ctx.links.getConversation(conversationId, SURFACE);
    if (!link) return;
    if ((op ?? 'reply') !== 'delete') {
      await ctx.outbox.enqueue('react', link.key, { channelId: link.key, messageId: ref, explanation: `⚠️ ${failureNotice(op ?? 'reply', error)}` } satisfies ReactPayload);
      return;
    }
    // The Discord message is gone: no reaction, a notice in the thread addressed to its author.
    const chatwootId = await ctx.links.findMessage(SURFACE, ref);
    const echo = chatwootId === undefined ? undefined : await ctx.links.getMessage(chatwootId, SURFACE);
    const author = await ctx.store.get<AuthorRecord>(`author:${ref}`);
    const text = `⚠️ ${author ? `<@${author.userId}> ` : ''}${failureNotice('delete', error, { private: echoWasPrivate(echo) })}`;
    await ctx.outbox.enqueue('notice', link.key, { channelId: link.key, messageId: ref, text, ttlMs: 0 } satisfies NoticePayload);
  };

  return { flagFailure };
}
