import { randomBytes, randomUUID } from 'node:crypto';
import { announceCreated } from './conversation-actions.ts';
import { SimError, type SimCore } from './simulator-core.ts';
import { insertConversation, newApiInbox, type SimContact, type SimContactInbox, type SimConversation, type SimInbox } from './simulator-state.ts';

/**
 * The API channel's records, as its REST endpoints change them: inboxes, contacts with
 * identifiers, contact inboxes by `source_id`, conversations started for a `source_id`.
 * Uniqueness is Chatwoot's: an identifier once per account, a source id once per inbox —
 * a second create is a 422, which is what two racing writers see.
 */

export function createApiInbox(core: SimCore, init: { name: string; webhookUrl?: string | null; hmacMandatory?: boolean }): SimInbox {
  const { state } = core;
  const inbox = newApiInbox(state.next.inbox++, init.name, init);
  state.inboxes.set(inbox.id, inbox);
  return inbox;
}

export function requireInbox(core: SimCore, inboxId: number): SimInbox {
  const inbox = core.state.inboxes.get(inboxId);
  if (!inbox) throw new SimError(404, 'Resource could not be found');
  return inbox;
}

export interface NewContact {
  name?: string;
  identifier?: string;
  email?: string;
  avatarUrl?: string;
  inboxId?: number;
  sourceId?: string;
}

/** `ContactsController#create`: the contact, plus its contact inbox when `inboxId` is given. */
export function createContact(core: SimCore, init: NewContact): { contact: SimContact; contactInbox?: SimContactInbox } {
  const { state } = core;
  const inbox = init.inboxId === undefined ? undefined : requireInbox(core, init.inboxId);
  if (init.identifier && state.contactsByIdentifier.has(init.identifier)) {
    throw new SimError(422, 'Identifier has already been taken');
  }
  if (init.email && state.contactsByEmail.has(init.email.toLowerCase())) throw new SimError(422, 'Email has already been taken');
  const now = core.now();
  const id = state.next.contact++;
  const contact: SimContact = {
    id,
    name: init.name ?? `customer-${id}`,
    email: init.email ?? null,
    phoneNumber: null,
    identifier: init.identifier ?? null,
    avatarUrl: init.avatarUrl ?? null,
    createdAtMs: now,
    lastActivityAtMs: now,
  };
  state.contacts.set(id, contact);
  if (contact.email) state.contactsByEmail.set(contact.email.toLowerCase(), contact);
  if (contact.identifier) state.contactsByIdentifier.set(contact.identifier, contact);
  if (!inbox) return { contact };
  return { contact, contactInbox: addContactInbox(core, contact.id, inbox.id, init.sourceId) };
}

/**
 * `ContactInboxBuilder`: the same contact, inbox and source id again returns the existing record;
 * a source id another contact holds in that inbox is a 422.
 */
export function addContactInbox(core: SimCore, contactId: number, inboxId: number, sourceId?: string): SimContactInbox {
  const { state } = core;
  if (!state.contacts.has(contactId)) throw new SimError(404, 'Resource could not be found');
  requireInbox(core, inboxId);
  const source = sourceId ?? randomUUID();
  const holder = findContactInbox(core, inboxId, source);
  if (holder && holder.contactId === contactId) return holder;
  if (holder) throw new SimError(422, 'Source has already been taken');
  const ci: SimContactInbox = {
    id: state.next.contactInbox++,
    contactId,
    inboxId,
    sourceId: source,
    pubsubToken: randomBytes(12).toString('base64url'),
    createdAtMs: core.now(),
  };
  state.contactInboxes.set(ci.id, ci);
  // The first session of a pair is the one other simulator paths (dashboard-made conversations) reuse.
  const pair = `${contactId}:${inboxId}`;
  if (!state.contactInboxByPair.has(pair)) state.contactInboxByPair.set(pair, ci);
  return ci;
}

export function findContactInbox(core: SimCore, inboxId: number, sourceId: string): SimContactInbox | undefined {
  return [...core.state.contactInboxes.values()].find((ci) => ci.inboxId === inboxId && ci.sourceId === sourceId);
}

/**
 * `ConversationsController#create` for a `source_id`: always a new conversation (no look-up of an
 * open one), `conversation.created` on the cable and the callback — like any other conversation.
 */
export function startConversation(
  core: SimCore,
  init: { sourceId: string; inboxId: number; contactId?: number; status?: 'open' | 'pending' | 'resolved' },
): SimConversation {
  const ci = findContactInbox(core, init.inboxId, init.sourceId);
  if (!ci) throw new SimError(422, 'Contact inbox not found for this source_id');
  if (init.contactId !== undefined && init.contactId !== ci.contactId) throw new SimError(422, 'Contact does not match the source_id');
  const conversation = insertConversation(core.state, core.now(), {
    inboxId: ci.inboxId,
    contactId: ci.contactId,
    contactInboxId: ci.id,
    status: init.status ?? 'open',
  });
  announceCreated(core, conversation);
  return conversation;
}
