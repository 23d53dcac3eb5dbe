import { isRecord } from '../normalize-objects.ts';
import { idSegment } from './build-url.ts';
import { badResponse, UNREADABLE_HINT } from './error-mapping.ts';
import { expectRecord, type RestContext } from './rest-context.ts';
import type { SendRequest } from './transport.ts';
import type { CallOptions, CreateApiInboxInput, InboxDetails } from './types.ts';

/** Chatwoot's channel type of an API-channel inbox. */
export const API_CHANNEL_TYPE = 'Channel::Api';

/**
 * An inbox answer → {@link InboxDetails}. The API channel's admin-only fields (`inbox_identifier`,
 * `secret`, `hmac_token`, `webhook_url`) are read where Chatwoot puts them; the spec's
 * `callback_webhook_url` is read too, as a fallback.
 */
export function toInboxDetails(raw: Record<string, unknown>): InboxDetails {
  const text = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined);
  const webhookUrl = text('webhook_url') ?? text('callback_webhook_url');
  const identifier = text('inbox_identifier') ?? text('identifier');
  const secret = text('secret');
  const hmacToken = text('hmac_token');
  return {
    ...raw,
    id: Number(raw['id']),
    name: String(raw['name'] ?? ''),
    channel_type: String(raw['channel_type'] ?? ''),
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(secret !== undefined ? { secret } : {}),
    ...(hmacToken !== undefined ? { hmacToken } : {}),
    hmacMandatory: raw['hmac_mandatory'] === true,
  };
}

/** Inboxes: create an API-channel inbox, read one (type, identifier, callback URL). */
export function inboxesApi(ctx: RestContext) {
  const read = (body: unknown, req: Pick<SendRequest, 'method' | 'path'>): InboxDetails => {
    const inbox = toInboxDetails(expectRecord(isRecord(body) && isRecord(body['payload']) ? body['payload'] : body, req));
    if (!Number.isSafeInteger(inbox.id) || inbox.id <= 0) throw badResponse(req.method, req.path, undefined, 'inbox has no id', UNREADABLE_HINT);
    return inbox;
  };

  return {
    /**
     * `POST …/inboxes` with `channel: { type: 'api', webhook_url }`. Never retried (a POST): on a
     * lost answer, list the inboxes before creating another. The answer carries the signing
     * `secret` for administrators only — handle it as a secret.
     */
    async createApiInbox(input: CreateApiInboxInput, options: CallOptions = {}): Promise<InboxDetails> {
      const name = input.name.trim();
      if (name === '') throw new TypeError('createApiInbox needs a name');
      const req = { method: 'POST', path: ctx.accountPath('/inboxes') } as const;
      const channel: Record<string, unknown> = { type: 'api' };
      if (input.webhookUrl !== undefined) channel['webhook_url'] = input.webhookUrl;
      if (input.hmacMandatory !== undefined) channel['hmac_mandatory'] = input.hmacMandatory;
      return read(await ctx.send({ ...req, json: { name, channel }, signal: options.signal }), req);
    },

    async getInbox(inboxId: number, options: CallOptions = {}): Promise<InboxDetails> {
      const req = { method: 'GET', path: ctx.accountPath(`/inboxes/${idSegment(inboxId, 'inboxId')}`) } as const;
      return read(await ctx.send({ ...req, signal: options.signal }), req);
    },
  };
}
