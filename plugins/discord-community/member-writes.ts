import { EDIT_MARK, echoMarker, findSentMessage, mayHaveRun, memberEdit, type ChatwootRest, type Member, type OutboxEntry } from '../../src/index.ts';
import { linkEcho } from '../../src/surface/index.ts';
import type { AttachmentRef } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { memberFiles } from './member-files.ts';
import { payloadKey, SURFACE } from './thread-map.ts';

/** A member's Discord message on its way to Chatwoot as an incoming message. */
export interface IncomingPayload {
  /** The conversation key: the thread id, or `dm:<channel id>`. */
  key: string;
  messageId: string;
  member: Member;
  content: string;
  /** Attachments, downloaded when the entry runs (so the outbox keeps no file). */
  files: AttachmentRef[];
}
/** A member edited a message: the new text goes in as a new incoming message replying to the original. */
export interface MemberEditPayload {
  key: string;
  messageId: string;
  member: Member;
  content: string;
  editedAt: number;
}
/** A member deleted a message: its Chatwoot copy is deleted too. */
export interface MemberDeletePayload {
  messageId: string;
}

/** Where a member's message went in Chatwoot (kept in the plugin's store for edits and deletes). */
interface Delivered {
  conversationId: number;
  chatwootId: number;
}

type IncomingMessageInput = Parameters<ChatwootRest['createIncomingMessage']>[1];

const KEEP_MS = 30 * 24 * 3600_000;
const deliveredKey = (messageId: string) => `in:${messageId}`;

/**
 * Registers the member → Chatwoot executors: `incoming` (the conversation made once through the
 * directory, the attachments downloaded and sent as files — too large ones as a line with the link —
 * then an incoming message carrying its echo marker, looked for before a repeat), `member-edit`
 * (`memberEdit`: a new incoming message replying to the original) and `member-delete` (the Chatwoot
 * copy soft-deleted). `onIncomingFailed` hears of an `incoming` that failed for good.
 *
 * @example
 * registerMemberWrites(deps, (entry) => tellMember(entry.payload.key));
 */
export function registerMemberWrites(deps: CommunityDeps, onIncomingFailed: (entry: OutboxEntry<IncomingPayload>, error: Error) => Promise<void>): void {
  const { ctx, rest, directory } = deps;
  const rateLimit = ctx.config.rateLimit;

  /** Creates an incoming message once: a retry whose first answer was lost finds it by its marker. */
  const createOnce = async (entry: OutboxEntry<unknown>, conversationId: number, echoId: string, ref: string, make: () => Promise<IncomingMessageInput>, signal: AbortSignal) => {
    const found = mayHaveRun(entry) ? await findSentMessage(rest, entry, conversationId, echoId, signal) : undefined;
    if (found) return found;
    const input = await make();
    const attributes = { ...input.content_attributes, ...echoMarker({ surface: SURFACE, ref }, echoId) };
    return rest.createIncomingMessage(conversationId, { ...input, echo_id: echoId, content_attributes: attributes }, { signal });
  };

  ctx.outbox.register<IncomingPayload, number>('incoming', {
    rateLimit,
    execute: async (entry, signal) => {
      const { messageId, member, content, files } = entry.payload;
      const key = payloadKey(entry.payload);
      const linked = await ctx.links.findMessage(SURFACE, messageId);
      if (linked !== undefined) return linked;
      const conversationId = await directory.ensureConversation(key, member);
      const sent = await createOnce(entry, conversationId, `${SURFACE}:${messageId}`, messageId, async () => {
        const { files: uploads, lines } = await memberFiles(files ?? [], ctx.config.maxFileBytes);
        const text = [content, ...lines].filter(Boolean).join('\n');
        return { ...(text ? { content: text } : {}), ...(uploads.length ? { attachments: uploads } : {}) };
      }, signal);
      await ctx.store.set<Delivered>(deliveredKey(messageId), { conversationId, chatwootId: sent.id }, KEEP_MS);
      // The echo coming back on the cable is then known as the member's own message.
      await linkEcho(ctx.links, SURFACE, sent.id, messageId, { private: false });
      return sent.id;
    },
    onFailed: (entry, error) => onIncomingFailed(entry, error),
  });

  ctx.outbox.register<MemberEditPayload, number>('member-edit', {
    rateLimit,
    execute: async (entry, signal) => {
      const { key, messageId, member, content, editedAt } = entry.payload;
      const original = await ctx.store.get<Delivered>(deliveredKey(messageId));
      const conversationId = original?.conversationId ?? (await directory.ensureConversation(key, member));
      // The original never reached Chatwoot: the edit still carries the new text.
      const fields = original ? memberEdit(content, original.chatwootId) : { content: `${EDIT_MARK} ${content}` };
      const sent = await createOnce(entry, conversationId, `${SURFACE}:${messageId}:edit:${editedAt}`, messageId, async () => fields, signal);
      return sent.id;
    },
  });

  ctx.outbox.register<MemberDeletePayload, void>('member-delete', {
    rateLimit,
    execute: async (entry, signal) => {
      const original = await ctx.store.get<Delivered>(deliveredKey(entry.payload.messageId));
      if (!original) return;
      await rest.deleteMessage(original.conversationId, original.chatwootId, { signal });
    },
  });
}
