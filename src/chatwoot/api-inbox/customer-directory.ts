import { isChatwootApiError } from '../rest/chatwoot-error.ts';
import type { ChatwootRest, ContactInbox, ContactWithInboxes } from '../rest/types.ts';
import type { Logger } from '../../observability/logger.ts';

/** A community member as the surface knows them. `identifier` is stable: `discord:<user id>`, `slack:<team>:<user id>`. */
export interface Member {
  identifier: string;
  name: string;
  avatarUrl?: string;
}

/** The member's contact and their session (contact inbox) in the community inbox. */
export interface Customer {
  contactId: number;
  sourceId: string;
}

/** Where the thread → conversation mapping lives (the plugin's store in the surfaces; a Map by default). */
export interface ConversationMap {
  get(threadKey: string): Promise<number | undefined> | number | undefined;
  set(threadKey: string, conversationId: number): Promise<void> | void;
  delete(threadKey: string): Promise<void> | void;
}

export type DirectoryRest = Pick<
  ChatwootRest,
  'findContactByIdentifier' | 'getContact' | 'createContact' | 'createContactInbox' | 'createConversation'
>;

/**
 * Members → Chatwoot contacts, contact inboxes and conversations of one API inbox, each made once:
 * looked up before created; concurrent callers in this process share one attempt; a create that
 * loses a race with another writer (a second instance, a restart mid-way) — Chatwoot's 422 — is
 * answered by looking up again. Conversations are one per thread key, kept in `conversations`.
 *
 * @example
 * const directory = createCustomerDirectory(rest, { inboxId: 7 });
 * const customer = await directory.ensureCustomer({ identifier: 'discord:42', name: 'Ada' });
 * const conversationId = await directory.ensureConversation('discord:thread:99', { identifier: 'discord:42', name: 'Ada' });
 */
export function createCustomerDirectory(rest: DirectoryRest, options: { inboxId: number; conversations?: ConversationMap; log?: Logger }) {
  const { inboxId, log } = options;
  const conversations: ConversationMap = options.conversations ?? memoryMap();
  const customers = new Map<string, Promise<Customer>>();
  const threads = new Map<string, Promise<number>>();
  const inThisInbox = (contact: ContactWithInboxes): ContactInbox | undefined => contact.contactInboxes.find((ci) => ci.inboxId === inboxId);

  async function findOrCreateContact(member: Member): Promise<{ contact: ContactWithInboxes; contactInbox?: ContactInbox }> {
    const found = await rest.findContactByIdentifier(member.identifier);
    if (found) return { contact: found };
    try {
      return await rest.createContact({
        inboxId,
        identifier: member.identifier,
        name: member.name,
        ...(member.avatarUrl ? { avatarUrl: member.avatarUrl } : {}),
      });
    } catch (error) {
      if (!isTaken(error)) throw error;
      log?.debug({ inboxId }, 'community inbox: contact created by another writer; looking it up again');
      const again = await rest.findContactByIdentifier(member.identifier);
      if (!again) throw error;
      return { contact: again };
    }
  }

  async function resolveCustomer(member: Member): Promise<Customer> {
    const { contact, contactInbox } = await findOrCreateContact(member);
    const existing = contactInbox ?? inThisInbox(contact);
    if (existing) return { contactId: contact.id, sourceId: existing.sourceId };
    // A stable source id: a second writer's create collides (422) instead of making a second session.
    try {
      const created = await rest.createContactInbox(contact.id, { inboxId, sourceId: member.identifier });
      return { contactId: contact.id, sourceId: created.sourceId };
    } catch (error) {
      if (!isTaken(error)) throw error;
      const again = inThisInbox(await rest.getContact(contact.id));
      if (!again) throw error;
      return { contactId: contact.id, sourceId: again.sourceId };
    }
  }

  function ensureCustomer(member: Member): Promise<Customer> {
    const key = member.identifier;
    let pending = customers.get(key);
    if (!pending) {
      pending = resolveCustomer(member);
      customers.set(key, pending);
      // Only a success is remembered: the next message tries again after a failure.
      pending.catch(() => customers.delete(key));
    }
    return pending;
  }

  async function resolveConversation(threadKey: string, member: Member): Promise<number> {
    const known = await conversations.get(threadKey);
    if (known !== undefined) return known;
    const customer = await ensureCustomer(member);
    const conversation = await rest.createConversation({ sourceId: customer.sourceId, inboxId, contactId: customer.contactId });
    const id = conversation.id as number;
    await conversations.set(threadKey, id);
    return id;
  }

  return {
    ensureCustomer,
    /** The conversation of a thread (a Discord thread or DM channel, a Slack top-level message), created on first use. */
    ensureConversation(threadKey: string, member: Member): Promise<number> {
      let pending = threads.get(threadKey);
      if (!pending) {
        pending = resolveConversation(threadKey, member);
        threads.set(threadKey, pending);
        pending.catch(() => threads.delete(threadKey));
      }
      return pending;
    },
    /**
     * After a resolve, when resolved threads start over (`afterResolve: 'new'`): the thread's next
     * message opens a new conversation. Only if the thread still maps to `conversationId` — a
     * repeated or late call never retires the new one. The old conversation keeps its links, so a
     * late agent reply in it still reaches the thread.
     *
     * @example
     * ctx.on('conversation.status_changed', (e) => e.conversation.status === 'resolved' && directory.startOver(threadKey, e.conversationId));
     */
    async startOver(threadKey: string, conversationId: number): Promise<void> {
      if ((await conversations.get(threadKey)) !== conversationId) return;
      threads.delete(threadKey);
      await conversations.delete(threadKey);
    },
  };
}

export type CustomerDirectory = ReturnType<typeof createCustomerDirectory>;

function memoryMap(): ConversationMap {
  const map = new Map<string, number>();
  return { get: (key) => map.get(key), set: (key, id) => void map.set(key, id), delete: (key) => void map.delete(key) };
}

/** Chatwoot's answer when another writer made it first: 422 "Identifier has already been taken" (or a source id). */
function isTaken(error: unknown): boolean {
  return isChatwootApiError(error) && error.kind === 'unprocessable' && /already been taken|has already|taken/i.test(error.chatwootMessage ?? error.message);
}
