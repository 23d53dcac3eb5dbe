import { multipartBody, type MultipartPart } from './multipart-body.ts';
import type { Message } from '../models.ts';
import { isRecord, normalizeContact, normalizeMessage } from '../normalize-objects.ts';
import { idSegment } from './build-url.ts';
import { expectArray, expectRecord, type RestContext } from './rest-context.ts';
import type { AttachmentInput, CallOptions, CreateMessageInput, IncomingMessageInput, MessagesMeta, MessagesPage } from './types.ts';

/** Chatwoot's page size for `after=` (`before=` and no cursor give 20). */
export const MESSAGES_AFTER_PAGE_SIZE = 100;
/** Pages `iterateMessagesAfter` reads at most per call (10 000 messages); the caller continues from the last id. */
export const MAX_MESSAGE_PAGES = 100;

/** Messages of one conversation: create (JSON or multipart), list, page forward, delete. */
export function messagesApi(ctx: RestContext) {
  const messagesPath = (conversationId: number) =>
    ctx.accountPath(`/conversations/${idSegment(conversationId, 'conversationId')}/messages`);
  // Chatwoot's create answer has no account_id; the path says which conversation it is in.
  const toMessage = (raw: Record<string, unknown>, conversationId: number): Message =>
    normalizeMessage({ account_id: ctx.accountId, ...raw, conversation_id: conversationId });

  async function listMessages(
    conversationId: number,
    query: { before?: number; after?: number } = {},
    options: CallOptions = {},
  ): Promise<MessagesPage> {
    const req = { method: 'GET', path: messagesPath(conversationId) } as const;
    const body = expectRecord(await ctx.send({ ...req, query: { before: query.before, after: query.after }, signal: options.signal }), req);
    const payload = expectArray(body['payload'], req, '{"payload": [messages]}');
    const meta: MessagesMeta = isRecord(body['meta']) ? { ...body['meta'] } : {};
    if (isRecord(meta.contact)) meta.contact = normalizeContact(meta.contact);
    return { meta, messages: payload.filter(isRecord).map((raw) => toMessage(raw, conversationId)) };
  }

  /**
   * Pages forward from `afterId` (exclusive) with `after=`, one yielded array per page, ascending.
   * Stops on a short page (< 100), on a page with nothing newer than the cursor (a server that
   * ignores `after` repeats itself: logged), and after `maxPages` pages (default
   * {@link MAX_MESSAGE_PAGES}, logged): continue from the last id for more. `afterId` 0 starts at
   * the beginning.
   */
  async function* iterateMessagesAfter(
    conversationId: number,
    afterId: number,
    options: CallOptions & { maxPages?: number } = {},
  ): AsyncGenerator<Message[], void, undefined> {
    if (!Number.isSafeInteger(afterId) || afterId < 0) throw new TypeError(`afterId must be a non-negative integer, got ${String(afterId)}`);
    const maxPages = options.maxPages ?? MAX_MESSAGE_PAGES;
    let cursor = afterId;
    for (let pages = 0; ; pages += 1) {
      if (pages >= maxPages) {
        ctx.log?.warn({ conversationId, afterId, cursor, maxPages }, `chatwoot rest: stopped paging messages of #${conversationId} after ${maxPages} pages; the rest follows from id ${cursor}`);
        return;
      }
      const page = await listMessages(conversationId, { after: cursor }, options);
      const seen = new Set<number>();
      const fresh = page.messages
        .filter((m) => m.id > cursor && !seen.has(m.id) && seen.add(m.id))
        .sort((a, b) => a.id - b.id);
      const last = fresh[fresh.length - 1];
      if (!last) {
        if (page.messages.length > 0) ctx.log?.warn({ conversationId, cursor }, `chatwoot rest: messages of #${conversationId} after ${cursor} came back with nothing newer (after= ignored?); stopped paging`);
        return;
      }
      yield fresh;
      if (page.messages.length < MESSAGES_AFTER_PAGE_SIZE) return;
      cursor = last.id;
    }
  }

  return {
    listMessages,
    iterateMessagesAfter,

    /**
     * Everything after `afterId`, ascending: the resync after a reconnect. With `limit` (or past
     * `maxPages` pages), the oldest ones; continue from the last id to get the rest.
     */
    async listMessagesAfter(conversationId: number, afterId: number, options: CallOptions & { limit?: number; maxPages?: number } = {}): Promise<Message[]> {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const out: Message[] = [];
      if (limit <= 0) return out;
      for await (const page of iterateMessagesAfter(conversationId, afterId, options)) {
        out.push(...page);
        if (out.length >= limit) return out.slice(0, limit);
      }
      return out;
    },

    /**
     * Posts a message. Never retried (an outbox owns that) and never sends `source_id`: on a
     * non-API inbox Chatwoot would take the reply for a channel echo and not deliver it.
     */
    async createMessage(conversationId: number, input: CreateMessageInput, options: CallOptions = {}): Promise<Message> {
      const req = { method: 'POST', path: messagesPath(conversationId) } as const;
      const fields = messageFields(input);
      const body = input.attachments?.length ? { form: await toMultipart(fields, input.attachments) } : { json: fields };
      return toMessage(expectRecord(await ctx.send({ ...req, ...body, signal: options.signal }), req), conversationId);
    },

    /**
     * A customer's message in an API inbox: `message_type: incoming`, never private, sent by the
     * conversation's contact (Chatwoot answers 422 in any other kind of inbox). Never retried: pass
     * an `echo_id` and a `content_attributes` marker so a repeat can look for it first.
     */
    async createIncomingMessage(conversationId: number, input: IncomingMessageInput, options: CallOptions = {}): Promise<Message> {
      const req = { method: 'POST', path: messagesPath(conversationId) } as const;
      const fields = messageFields({ ...input, message_type: 'incoming', private: false });
      const body = input.attachments?.length ? { form: await toMultipart(fields, input.attachments) } : { json: fields };
      return toMessage(expectRecord(await ctx.send({ ...req, ...body, signal: options.signal }), req), conversationId);
    },

    /**
     * Soft-deletes (Chatwoot keeps the row, blanks the content, sets `content_attributes.deleted`).
     * Chatwoot's spec makes the answer's body optional: a 2xx without one (`null`) is a success too.
     */
    async deleteMessage(conversationId: number, messageId: number, options: CallOptions = {}): Promise<Message | null> {
      const req = { method: 'DELETE', path: `${messagesPath(conversationId)}/${idSegment(messageId, 'messageId')}` } as const;
      const body = await ctx.send({ ...req, signal: options.signal });
      return body === null ? null : toMessage(expectRecord(body, req), conversationId);
    },
  };
}

/** An allow-list, so nothing else a JS caller passes along (e.g. `source_id`) reaches Chatwoot. */
function messageFields(input: CreateMessageInput): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (input.content !== undefined) fields['content'] = input.content;
  if (input.message_type !== undefined) fields['message_type'] = input.message_type;
  if (input.private !== undefined) fields['private'] = input.private;
  if (input.content_type !== undefined) fields['content_type'] = input.content_type;
  if (input.content_attributes !== undefined) fields['content_attributes'] = input.content_attributes;
  if (input.echo_id !== undefined) fields['echo_id'] = input.echo_id;
  return fields;
}

/** Fields and files as one multipart body; text fields byte for byte (see {@link multipartBody}). */
async function toMultipart(fields: Record<string, unknown>, attachments: AttachmentInput[]): Promise<{ body: Buffer; contentType: string }> {
  const parts: MultipartPart[] = Object.entries(fields).map(([name, value]) => ({
    name,
    // Chatwoot accepts content_attributes as a JSON string in multipart requests.
    value: typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value),
  }));
  const files = await Promise.all(attachments.map(async (a) => filePart(a, a.data instanceof Blob ? new Uint8Array(await a.data.arrayBuffer()) : a.data)));
  return multipartBody([...parts, ...files]);
}

function filePart(attachment: AttachmentInput, data: Uint8Array): MultipartPart {
  const type = attachment.contentType || (attachment.data instanceof Blob ? attachment.data.type : '') || 'application/octet-stream';
  return { name: 'attachments[]', filename: attachment.filename, data, contentType: type };
}
