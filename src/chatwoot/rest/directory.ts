import { isRecord, normalizeContact } from '../normalize-objects.ts';
import { expectArray, expectRecord, type RestContext } from './rest-context.ts';
import type { Agent, CallOptions, ContactsPage, Inbox } from './types.ts';

const isId = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;

/** Who is who in the account: agents (to map Slack/Discord users) and contact search. */
export function directoryApi(ctx: RestContext) {
  /** List items without a usable id are skipped (and logged), never handed on as id NaN or 0. */
  const withIds = <T extends { id: number }>(items: T[], what: string, path: string): T[] => {
    const good = items.filter((item) => isId(item.id));
    if (good.length < items.length) ctx.log?.warn({ path, skipped: items.length - good.length }, `chatwoot rest: skipped ${items.length - good.length} ${what} without a valid id`);
    return good;
  };

  return {
    async listAgents(options: CallOptions = {}): Promise<Agent[]> {
      const req = { method: 'GET', path: ctx.accountPath('/agents') } as const;
      const raw = expectArray(await ctx.send({ ...req, signal: options.signal }), req)
        .filter(isRecord)
        .map(
          (raw): Agent => ({
            ...raw,
            id: Number(raw['id']),
            name: String(raw['name'] ?? ''),
            email: String(raw['email'] ?? ''),
            role: String(raw['role'] ?? 'agent'),
            availability_status: String(raw['availability_status'] ?? 'offline'),
            type: 'user',
          }),
        );
      return withIds(raw, 'agent(s)', req.path);
    },

    /** The account's inboxes (id, name, channel type), e.g. to show "Website" rather than "inbox 3". */
    async listInboxes(options: CallOptions = {}): Promise<Inbox[]> {
      const req = { method: 'GET', path: ctx.accountPath('/inboxes') } as const;
      const body = expectRecord(await ctx.send({ ...req, signal: options.signal }), req);
      const inboxes = expectArray(body['payload'], req, '{"payload": [inboxes]}')
        .filter(isRecord)
        .map((raw): Inbox => ({ ...raw, id: Number(raw['id']), name: String(raw['name'] ?? ''), channel_type: String(raw['channel_type'] ?? '') }));
      return withIds(inboxes, 'inbox(es)', req.path);
    },

    /**
     * Matches name, email, phone number and identifier; 15 a page. Chatwoot limits this endpoint to
     * about 100 requests a minute. The query string (which may hold an email) is never logged.
     */
    async searchContacts(q: string, query: { page?: number } = {}, options: CallOptions = {}): Promise<ContactsPage> {
      const req = { method: 'GET', path: ctx.accountPath('/contacts/search') } as const;
      const body = expectRecord(await ctx.send({ ...req, query: { q, page: query.page }, signal: options.signal }), req);
      const payload = expectArray(body['payload'], req, '{"payload": [contacts]}');
      return {
        meta: isRecord(body['meta']) ? body['meta'] : {},
        contacts: payload.filter(isRecord).map(normalizeContact),
      };
    },
  };
}
