import { echoMarker, findSentMessage, mayHaveRun, type Member } from '../../src/index.ts';
import { linkEcho } from '../../src/surface/index.ts';
import { discordCode } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { SURFACE } from './thread-map.ts';

/** A member's Discord message on its way to Chatwoot as an incoming message. */
export interface IncomingPayload {
  threadId: string;
  messageId: string;
  member: Member;
  content: string;
}
/** An agent's reply on its way into the member's thread. */
export interface ReplyPayload {
  threadId: string;
  chatwootMessageId: number;
  content: string;
}
/** A resolved conversation: the closing line, then the thread archived and locked. */
export interface ClosePayload {
  threadId: string;
  conversationId: number;
  line: string;
}

const NO_MENTIONS = { parse: [] };
const THREAD_LOCKED = 160005;

/**
 * Registers `incoming` (member → Chatwoot: the conversation made once through the directory, then
 * an incoming message that carries its echo marker, looked for before a repeat), `reply` (agent →
 * thread, once per Chatwoot message; into a locked thread by opening it for a moment) and `close` (closing line, archive and lock).
 *
 * @example
 * registerCommunityExecutors(deps);
 * await ctx.outbox.enqueue('incoming', threadId, payload, { id: `${SURFACE}:in:${messageId}` });
 */
export function registerCommunityExecutors(deps: CommunityDeps): void {
  const { ctx, api, rest, directory } = deps;
  const rateLimit = ctx.config.rateLimit;

  ctx.outbox.register<IncomingPayload, number>('incoming', {
    rateLimit,
    execute: async (entry, signal) => {
      const { threadId, messageId, member, content } = entry.payload;
      const linked = await ctx.links.findMessage(SURFACE, messageId);
      if (linked !== undefined) return linked;
      const conversationId = await directory.ensureConversation(threadId, member);
      const echoId = `${SURFACE}:${messageId}`;
      const sent =
        (mayHaveRun(entry) ? await findSentMessage(rest, entry, conversationId, echoId, signal) : undefined) ??
        (await rest.createIncomingMessage(conversationId, { content, echo_id: echoId, content_attributes: echoMarker({ surface: SURFACE, ref: messageId }, echoId) }, { signal }));
      // The echo coming back on the cable is then known as the member's own message.
      await linkEcho(ctx.links, SURFACE, sent.id, messageId, { private: false });
      return sent.id;
    },
  });

  ctx.outbox.register<ReplyPayload, string>('reply', {
    rateLimit,
    maxAttempts: 6,
    execute: async (entry) => {
      const { threadId, chatwootMessageId, content } = entry.payload;
      const done = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (done) return done.key;
      const post = () => api.postMessage(threadId, { content, allowed_mentions: NO_MENTIONS });
      let sent: { id: string };
      try {
        sent = await post();
      } catch (error) {
        if (discordCode(error) !== THREAD_LOCKED) throw error;
        // A resolved conversation's thread is locked (an archived one opens by itself): open it for
        // the reply, then archive and lock it again.
        await api.setThreadState(threadId, { archived: false, locked: false });
        sent = await post();
        await api.setThreadState(threadId, { archived: true, locked: true });
      }
      await ctx.links.setMessage(chatwootMessageId, SURFACE, { key: sent.id });
      return sent.id;
    },
  });

  ctx.outbox.register<ClosePayload, void>('close', {
    rateLimit,
    execute: async (entry) => {
      const { threadId, conversationId, line } = entry.payload;
      const said = `closed:${conversationId}:${entry.id}`;
      if (!(await ctx.store.get<boolean>(said))) {
        await api.postMessage(threadId, { content: line, allowed_mentions: NO_MENTIONS });
        await ctx.store.set(said, true, 7 * 24 * 3600_000);
      }
      await api.setThreadState(threadId, { archived: true, locked: true });
    },
  });
}
