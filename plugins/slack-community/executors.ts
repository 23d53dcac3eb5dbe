import { echoMarker, findSentMessage, mayHaveRun, memberEdit, RetryableError, type Member, type OutboxEntry } from '../../src/index.ts';
import { userRefs } from '../slack/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { memberFiles, type MemberFile } from './member-files.ts';
import { memberText } from './member-text.ts';
import { isMemberThread, SURFACE } from './thread-map.ts';

/** A member's Slack message on its way to Chatwoot as an incoming message. */
export interface IncomingPayload {
  /** `<channel>:<ts>` of the thread's top-level message: the conversation. */
  threadKey: string;
  /** `<channel>:<ts>` of this message. */
  ref: string;
  user: string;
  /** The member's workspace, when the event said (`user_team`). */
  team?: string;
  text: string;
  files: MemberFile[];
}
/** A member's edit: a new incoming message replying to the original. */
export interface EditPayload {
  ref: string;
  /** When the edit was made (one edit, one message). */
  editTs: string;
  text: string;
}
/** A member deleted a message: its Chatwoot message (and its edits) are deleted. */
export interface RemovePayload {
  ref: string;
}

/** What the link of a member's message keeps: an echo (never posted back), and its conversation. */
interface MemberLinkData {
  fromSurface: true;
  private: false;
  conversationId: number;
}

const EDITS_TTL_MS = 30 * 24 * 3600_000;

/**
 * Registers the member → Chatwoot executors: `incoming` (the member made a contact and the thread a
 * conversation once, through the directory; the message created with its echo marker and looked
 * for before a repeat; files as real attachments), `edit` (`memberEdit`: a new incoming message
 * replying to the original) and `remove` (the linked Chatwoot messages deleted). A thread's
 * entries share its lane, so an edit or delete runs after the message it is about.
 *
 * @example
 * registerMemberExecutors(deps);
 * await ctx.outbox.enqueue('incoming', threadKey, payload, { id: `${SURFACE}:in:${ref}` });
 */
export function registerMemberExecutors(deps: CommunityDeps): void {
  const { ctx, rest, directory, people } = deps;
  const rateLimit = ctx.config.rateLimit;

  /** Creates an incoming message once: a repeat first looks for the marker of an earlier attempt. */
  const createOnce = async (entry: OutboxEntry, conversationId: number, echoId: string, ref: string, input: () => Promise<Parameters<typeof rest.createIncomingMessage>[1]>, signal: AbortSignal) => {
    const found = mayHaveRun(entry) ? await findSentMessage(rest, entry, conversationId, echoId, signal) : undefined;
    if (found) return found;
    const body = await input();
    const marker = echoMarker({ surface: SURFACE, ref }, echoId);
    return rest.createIncomingMessage(conversationId, { ...body, echo_id: echoId, content_attributes: { ...body.content_attributes, ...marker } }, { signal });
  };
  const link = (messageId: number, key: string, conversationId: number) =>
    ctx.links.setMessage(messageId, SURFACE, { key, data: { fromSurface: true, private: false, conversationId } satisfies MemberLinkData });
  const names = async (text: string) => {
    const found = await Promise.all([...new Set(userRefs(text))].map(async (id) => [id, (await people.profile(id))?.name] as const));
    return (id: string) => found.find(([known]) => known === id)?.[1];
  };

  ctx.outbox.register<IncomingPayload, number | 'skipped'>('incoming', {
    rateLimit,
    execute: async (entry, signal) => {
      const { threadKey, ref, user, text, files } = entry.payload;
      const linked = await ctx.links.findMessage(SURFACE, ref);
      if (linked !== undefined) return linked;
      // A reply runs after its thread's top-level message (one lane per thread): if that did not
      // start a conversation, the thread is not a member's.
      if (ref !== threadKey && !(await isMemberThread(ctx, threadKey))) {
        ctx.log.debug({ threadKey }, 'slack-community: a reply in a thread that is no conversation (an agent\'s or a bot\'s post) — ignored');
        return 'skipped';
      }
      const profile = await people.profile(user);
      if (!profile) throw new RetryableError(`slack-community: users.info failed for ${user}`);
      if (profile.isBot) return 'skipped';
      const team = entry.payload.team ?? profile.teamId ?? (await deps.self()).teamId;
      const member: Member = { identifier: `slack:${team}:${user}`, name: profile.name, ...(profile.avatarUrl ? { avatarUrl: profile.avatarUrl } : {}) };
      const conversationId = await directory.ensureConversation(threadKey, member);
      const sent = await createOnce(entry, conversationId, `${SURFACE}:${ref}`, ref, async () => {
        const { attachments, lines } = await memberFiles(deps, files, signal);
        const content = [memberText(text, await names(text)), ...lines].filter(Boolean).join('\n');
        return { content, ...(attachments.length ? { attachments } : {}) };
      }, signal);
      // The echo coming back on the cable is then known as the member's own message.
      await link(sent.id, ref, conversationId);
      return sent.id;
    },
  });

  ctx.outbox.register<EditPayload, number | 'skipped'>('edit', {
    rateLimit,
    execute: async (entry, signal) => {
      const { ref, editTs, text } = entry.payload;
      const key = `${ref}:edit:${editTs}`;
      const done = await ctx.links.findMessage(SURFACE, key);
      if (done !== undefined) return done;
      const original = await ctx.links.findMessage(SURFACE, ref);
      const conversationId = original === undefined ? undefined : ((await ctx.links.getMessage(original, SURFACE))?.data as MemberLinkData | undefined)?.conversationId;
      // The original never reached Chatwoot (it failed for good): nothing to edit.
      if (original === undefined || conversationId === undefined) return 'skipped';
      const sent = await createOnce(entry, conversationId, `${SURFACE}:${key}`, key, async () => memberEdit(memberText(text, await names(text)), original), signal);
      await link(sent.id, key, conversationId);
      const edits = (await ctx.store.get<number[]>(`edits:${ref}`)) ?? [];
      await ctx.store.set(`edits:${ref}`, [...new Set([...edits, sent.id])], EDITS_TTL_MS);
      return sent.id;
    },
  });

  ctx.outbox.register<RemovePayload, number>('remove', {
    rateLimit,
    execute: async (entry, signal) => {
      const { ref } = entry.payload;
      const original = await ctx.links.findMessage(SURFACE, ref);
      const ids = [...(original === undefined ? [] : [original]), ...((await ctx.store.get<number[]>(`edits:${ref}`)) ?? [])];
      for (const id of ids) {
        const conversationId = ((await ctx.links.getMessage(id, SURFACE))?.data as MemberLinkData | undefined)?.conversationId;
        // Chatwoot answers a repeated soft delete as a fresh one: a retry is harmless.
        if (conversationId !== undefined) await rest.deleteMessage(conversationId, id, { signal });
      }
      return ids.length;
    },
  });
}
