import type { App } from '@slack/bolt';
import type { AttachmentUpload } from '../../src/index.ts';
import { failureNotice, NEAR_MISS_SENT, NOTE_SAVED, parseReplyPrefix, writeId, type FailureInput } from '../../src/surface/index.ts';
import { refusalOf } from './chatwoot-limits.ts';
import { downloadSlackFile } from './download-file.ts';
import { enqueue, tell } from './executors.ts';
import type { Identity } from './identity.ts';
import { parseRef, refOf, SURFACE, type SlackDeps } from './deps.ts';
import { replyModeOf } from './settings.ts';
import { fromMrkdwn, userRefs } from './to-mrkdwn.ts';

/** The fields of a Slack `message` event the bridge reads. */
export interface SlackMessageEvent {
  subtype?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  /** Slack Connect: the poster's own workspace (`team`: the workspace the event is about). */
  user_team?: string;
  team?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: Array<{ id: string; name?: string; size?: number; mimetype?: string; url_private_download?: string; url_private?: string }>;
  message?: SlackMessageEvent & { edited?: unknown };
  previous_message?: SlackMessageEvent;
  deleted_ts?: string;
}

const AUTHOR_TTL_MS = 7 * 24 * 3600_000;
const EDIT_NOTICE =
  'Edits cannot reach Chatwoot (it has no edit API): the customer still has your original message. Delete it here to delete it in Chatwoot, then post the correction.';

/** Who wrote a Slack message that became a Chatwoot write, kept to explain a failure to them. */
interface AuthorRecord {
  user: string;
  threadTs: string;
  /** It became a private note. */
  note?: boolean;
}

/**
 * Slack → Chatwoot: a person's reply in a mirrored thread becomes a reply (or, with a lower-case
 * `note:` / `private:` at the very start, or `replyMode: notes`, a private note — confirmed to its
 * author); files go along; deleting the Slack message deletes the Chatwoot one; an edit gets an
 * ephemeral notice. `!command` lines run commands instead. A write Chatwoot refuses for good is
 * explained to its author in words that fit the kind of write (`flagFailure`, which the mirror calls).
 * Subscribes to Bolt's `message` events itself, as every surface's `to-chatwoot.ts` does.
 *
 * @example
 * createMirror(ctx, createSlackSurface(deps, toChatwoot(deps, app, identity, commands.threadCommand)));
 */
export function toChatwoot(
  deps: SlackDeps,
  app: App,
  identity: Identity,
  runThreadCommand: (input: { channel: string; threadTs: string; user: string; conversationId: number; text: string }) => Promise<boolean>,
): { flagFailure(input: Pick<FailureInput, 'ref' | 'op' | 'error'>): Promise<void> } {
  const { ctx } = deps;
  const conversationOf = (channel: string, threadTs: string | undefined) =>
    threadTs ? ctx.links.findConversation(SURFACE, refOf(channel, threadTs)) : Promise.resolve(undefined);
  const isBridge = async (event: SlackMessageEvent) => Boolean(event.bot_id) || !event.user || event.user === (await deps.identity()).userId;

  /** A :warning: reaction on the author's message and a thread-only explanation for them. */
  const flag = async (channel: string, ts: string, user: string, threadTs: string | undefined, text: string) => {
    await enqueue(deps, 'react', channel, { channel, ts, name: 'warning' });
    await tell(deps, channel, user, threadTs, text);
  };

  const onReply = async (event: SlackMessageEvent) => {
    if (event.thread_ts === undefined || event.thread_ts === event.ts || (await isBridge(event))) return;
    const conversationId = await conversationOf(event.channel, event.thread_ts);
    if (conversationId === undefined) return;
    const user = event.user as string;
    const raw = event.text ?? '';
    if (await runThreadCommand({ channel: event.channel, threadTs: event.thread_ts, user, conversationId, text: raw })) return;
    const parsed = parseReplyPrefix(raw, replyModeOf(deps.settings, event.channel) === 'notes');
    const isNote = parsed.note;
    const body = parsed.text;
    const names = await identity.names(userRefs(body));
    const content = fromMrkdwn(body, (id) => names.get(id)).trim();
    const refusal = refusalOf(content, event.files?.length ?? 0);
    if (refusal) return flag(event.channel, event.ts, user, event.thread_ts, `:warning: ${refusal}`);
    const attachments = await downloadFiles(deps, event, user);
    if (content === '' && attachments.length === 0) return;
    const person = await identity.lookup(user);
    const ref = refOf(event.channel, event.ts);
    // Stored before the write is queued: a failure can be explained even if it comes at once.
    await ctx.store.set(`author:${ref}`, { user, threadTs: event.thread_ts, note: isNote } satisfies AuthorRecord, AUTHOR_TTL_MS);
    const options = {
      id: writeId(SURFACE, isNote ? 'note' : 'reply', ref),
      origin: { surface: SURFACE, ref },
      author: { name: person.name, ...(person.chatwootAgentId !== undefined ? { chatwootAgentId: person.chatwootAgentId } : {}) },
      ...(attachments.length ? { attachments } : {}),
    };
    await (isNote ? ctx.chatwoot.note(conversationId, content, options) : ctx.chatwoot.reply(conversationId, content, options));
    if (parsed.prefixed) await tell(deps, event.channel, user, event.thread_ts, `:lock: ${NOTE_SAVED}`);
    else if (parsed.nearMiss) await tell(deps, event.channel, user, event.thread_ts, `:speech_balloon: ${NEAR_MISS_SENT}`);
  };

  const onEdit = async (event: SlackMessageEvent) => {
    const edited = event.message;
    if (!edited?.edited || !edited.user || edited.bot_id || edited.user === (await deps.identity()).userId) return;
    if (event.previous_message && event.previous_message.text === edited.text) return; // an unfurl, not an edit
    if ((await ctx.links.findMessage(SURFACE, refOf(event.channel, edited.ts))) === undefined) return;
    await tell(deps, event.channel, edited.user, edited.thread_ts, EDIT_NOTICE);
  };

  const onDelete = async (event: SlackMessageEvent) => {
    const previous = event.previous_message;
    if (!event.deleted_ts || !previous || previous.bot_id || !previous.user) return;
    const ref = refOf(event.channel, event.deleted_ts);
    const messageId = await ctx.links.findMessage(SURFACE, ref);
    const conversationId = await conversationOf(event.channel, previous.thread_ts);
    if (messageId === undefined || conversationId === undefined) return;
    await ctx.chatwoot.deleteMessage(conversationId, messageId, { id: writeId(SURFACE, 'delete', ref), origin: { surface: SURFACE, ref } });
  };

  // Routed by subtype; everything else (bots, joins, top-level posts) is ignored. Bolt's event
  // union does not narrow `message` to the fields read here.
  app.event('message', async ({ event }) => {
    const message = event as unknown as SlackMessageEvent;
    if (message.subtype === 'message_changed') return onEdit(message);
    if (message.subtype === 'message_deleted') return onDelete(message);
    if (message.subtype === undefined || message.subtype === 'file_share' || message.subtype === 'thread_broadcast') return onReply(message);
  });

  return {
    /**
     * A Chatwoot write from Slack failed for good. A reply or note: a :warning: reaction on the
     * message and a thread-only ephemeral saying what did not happen. A delete: the Slack message
     * is gone, so no reaction — its author is told the message is still in Chatwoot.
     */
    async flagFailure({ ref, op: written, error }: Pick<FailureInput, 'ref' | 'op' | 'error'>): Promise<void> {
      const { channel, ts } = parseRef(ref);
      const author = await ctx.store.get<AuthorRecord>(`author:${ref}`);
      const op = written ?? (author?.note ? 'note' : 'reply');
      if (op === 'delete') {
        if (author) await tell(deps, channel, author.user, author.threadTs, `:warning: ${failureNotice('delete', error, { private: author.note ?? false })}`);
        else ctx.log.warn({ ref, error }, 'slack: deleting a message in Chatwoot failed, and its author is no longer known');
        return;
      }
      if (!author) return void (await enqueue(deps, 'react', channel, { channel, ts, name: 'warning' }));
      await flag(channel, ts, author.user, author.threadTs, `:warning: ${failureNotice(op, error)}`);
    },
  };
}

/** The reply's files as base64 attachments (bot token; above `maxFileBytes` the author is told). */
async function downloadFiles(deps: SlackDeps, event: SlackMessageEvent, user: string): Promise<AttachmentUpload[]> {
  const out: AttachmentUpload[] = [];
  for (const file of event.files ?? []) {
    const name = file.name ?? file.id;
    const url = file.url_private_download ?? file.url_private;
    const tooBig = (file.size ?? 0) > deps.settings.maxFileBytes;
    if (!url || tooBig) {
      const why = tooBig ? `is larger than ${Math.round(deps.settings.maxFileBytes / 1024 / 1024)} MB` : 'cannot be downloaded';
      await tell(deps, event.channel, user, event.thread_ts, `:paperclip: ${name} ${why}, so it was not sent to Chatwoot.`);
      continue;
    }
    try {
      const bytes = await downloadSlackFile(url, { botToken: deps.botToken, maxBytes: deps.settings.maxFileBytes });
      out.push({ filename: name, base64: bytes.toString('base64'), ...(file.mimetype ? { contentType: file.mimetype } : {}) });
    } catch (error) {
      deps.ctx.log.warn({ file: file.id, err: (error as Error).message }, 'slack: could not download a file');
      await tell(deps, event.channel, user, event.thread_ts, `:paperclip: ${name} could not be downloaded from Slack, so it was not sent to Chatwoot.`);
    }
  }
  return out;
}
