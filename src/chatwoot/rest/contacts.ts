import { isRecord, normalizeContact } from '../normalize-objects.ts';
import { idSegment } from './build-url.ts';
import { badResponse, UNREADABLE_HINT } from './error-mapping.ts';
import { expectArray, expectRecord, type RestContext } from './rest-context.ts';
import type { CallOptions, ContactInbox, ContactWithInboxes, CreateContactInput, CreatedContact } from './types.ts';

/** Pages of contact search read at most when looking for one identifier (15 a page). */
export const MAX_IDENTIFIER_PAGES = 20;

/** `contact_inboxes` items (`{source_id, inbox: {id, …}}`) → {@link ContactInbox}; unusable ones dropped. */
export function toContactInboxes(value: unknown): ContactInbox[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((raw) => {
    const inbox = isRecord(raw['inbox']) ? raw['inbox'] : {};
    const inboxId = Number(inbox['id'] ?? raw['inbox_id']);
    const sourceId = raw['source_id'];
    return typeof sourceId === 'string' && sourceId !== '' && Number.isSafeInteger(inboxId) && inboxId > 0 ? [{ sourceId, inboxId }] : [];
  });
}

function withInboxes(raw: Record<string, unknown>): ContactWithInboxes {
  return { ...normalizeContact(raw), contactInboxes: toContactInboxes(raw['contact_inboxes']) };
}

/** Contacts of the API-channel inbox: find by identifier, read, create, and give one a contact inbox. */
export function contactsApi(ctx: RestContext) {
  const contactPath = (id: number, suffix = '') => ctx.accountPath(`/contacts/${idSegment(id, 'contactId')}${suffix}`);

  return {
    /**
     * The contact whose `identifier` is exactly `identifier`, or undefined. Chatwoot's search is a
     * substring match over name, email, phone and identifier, so every page is read and filtered;
     * a contact that shows up on two pages (the order moves while we page) counts once.
     */
    async findContactByIdentifier(identifier: string, options: CallOptions = {}): Promise<ContactWithInboxes | undefined> {
      if (identifier.trim() === '') throw new TypeError('findContactByIdentifier needs an identifier');
      const req = { method: 'GET', path: ctx.accountPath('/contacts/search') } as const;
      const seen = new Set<number>();
      for (let page = 1; page <= MAX_IDENTIFIER_PAGES; page += 1) {
        const body = expectRecord(await ctx.send({ ...req, query: { q: identifier, page }, signal: options.signal }), req);
        const payload = expectArray(body['payload'], req, '{"payload": [contacts]}').filter(isRecord);
        const fresh = payload.filter((raw) => {
          const id = Number(raw['id']);
          return Number.isSafeInteger(id) && id > 0 && !seen.has(id) && seen.add(id);
        });
        const match = fresh.find((raw) => raw['identifier'] === identifier);
        if (match) return withInboxes(match);
        const meta = isRecord(body['meta']) ? body['meta'] : {};
        // `has_more` when Chatwoot sends it; otherwise a short page is the last one.
        const more = typeof meta['has_more'] === 'boolean' ? meta['has_more'] : payload.length >= 15;
        if (!more || payload.length === 0) return undefined;
      }
      ctx.log?.warn({ pages: MAX_IDENTIFIER_PAGES }, 'chatwoot rest: contact identifier not found within the search pages read');
      return undefined;
    },

    async getContact(contactId: number, options: CallOptions = {}): Promise<ContactWithInboxes> {
      const req = { method: 'GET', path: contactPath(contactId) } as const;
      const body = expectRecord(await ctx.send({ ...req, signal: options.signal }), req);
      return withInboxes(expectRecord(isRecord(body['payload']) ? body['payload'] : body, req));
    },

    /**
     * `POST …/contacts`. Never retried. Chatwoot answers 422 "Identifier has already been taken"
     * when another writer created it first: look it up again. With `inboxId`, Chatwoot also makes
     * the contact inbox, returned as `contactInbox`.
     */
    async createContact(input: CreateContactInput, options: CallOptions = {}): Promise<CreatedContact> {
      const req = { method: 'POST', path: ctx.accountPath('/contacts') } as const;
      const json: Record<string, unknown> = { inbox_id: input.inboxId };
      if (input.identifier !== undefined) json['identifier'] = input.identifier;
      if (input.name !== undefined) json['name'] = input.name;
      if (input.avatarUrl !== undefined) json['avatar_url'] = input.avatarUrl;
      if (input.additionalAttributes !== undefined) json['additional_attributes'] = input.additionalAttributes;
      const body = expectRecord(await ctx.send({ ...req, json, signal: options.signal }), req);
      // Chatwoot: {payload: {contact, contact_inbox}}; the spec also allows the contact at the top.
      const payload = body['payload'];
      const rawContact = isRecord(payload) && isRecord(payload['contact']) ? payload['contact'] : Array.isArray(payload) && isRecord(payload[0]) ? payload[0] : body;
      const contact = withInboxes(rawContact);
      if (!Number.isSafeInteger(contact.id) || contact.id <= 0) throw badResponse(req.method, req.path, undefined, 'contact has no id', UNREADABLE_HINT);
      const created = isRecord(payload) ? toContactInboxes([payload['contact_inbox']])[0] : undefined;
      const contactInbox = created ?? contact.contactInboxes.find((ci) => ci.inboxId === input.inboxId);
      return { contact, ...(contactInbox ? { contactInbox } : {}) };
    },

    /** `POST …/contacts/{id}/contact_inboxes`; 422 when `sourceId` is taken in that inbox. Never retried. */
    async createContactInbox(contactId: number, input: { inboxId: number; sourceId?: string }, options: CallOptions = {}): Promise<ContactInbox> {
      const req = { method: 'POST', path: contactPath(contactId, '/contact_inboxes') } as const;
      const json: Record<string, unknown> = { inbox_id: input.inboxId };
      if (input.sourceId !== undefined) json['source_id'] = input.sourceId;
      const body = expectRecord(await ctx.send({ ...req, json, signal: options.signal }), req);
      const ci = toContactInboxes([body])[0];
      if (!ci) throw badResponse(req.method, req.path, undefined, 'contact inbox has no source_id or inbox id', UNREADABLE_HINT);
      return ci;
    },
  };
}
