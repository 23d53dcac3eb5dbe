import { addContactInbox, createContact, findContactInbox } from './api-inbox-actions.ts';
import { updateMessage } from './message-actions.ts';
import { contactPush, conversationPush } from './payload-builders.ts';
import { SimError, type SimCore } from './simulator-core.ts';
import type { SimContact, SimContactInbox, SimConversation } from './simulator-state.ts';
import { contactWebhook, typingWebhook } from './webhook-payloads.ts';

/**
 * What a contact does through the public client API (a custom widget, a mobile app): make or
 * resume its session, change its details, type, read. Each change tells the cable and the inbox's
 * callback what Chatwoot's listeners would.
 */

export interface ContactAttributes {
  identifier?: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  avatarUrl?: string;
  customAttributes?: Record<string, unknown>;
}

/**
 * `ContactInboxWithContactBuilder`: the session with that `source_id` if the inbox has one; else
 * the account's contact with that identifier, email or phone number (in that order) — or a new
 * one — gets a new session. A reused contact keeps its details, as Chatwoot's builder does.
 */
export function identifyContactInbox(
  core: SimCore,
  inboxId: number,
  init: { sourceId?: string; attributes: ContactAttributes; hmacVerified?: boolean },
): SimContactInbox {
  const existing = init.sourceId === undefined ? undefined : findContactInbox(core, inboxId, init.sourceId);
  if (existing) return existing;
  const { identifier, email, phoneNumber, name, avatarUrl, customAttributes } = init.attributes;
  const { state } = core;
  const found =
    (identifier ? state.contactsByIdentifier.get(identifier) : undefined) ??
    (email ? state.contactsByEmail.get(email.toLowerCase()) : undefined) ??
    (phoneNumber ? [...state.contacts.values()].find((c) => c.phoneNumber === phoneNumber) : undefined);
  let contact = found;
  if (!contact) {
    contact = createContact(core, {
      ...(name ? { name } : {}),
      ...(identifier ? { identifier } : {}),
      ...(email ? { email } : {}),
      ...(avatarUrl ? { avatarUrl } : {}),
    }).contact;
    if (phoneNumber) contact.phoneNumber = phoneNumber;
    if (customAttributes) contact.customAttributes = { ...customAttributes };
  }
  const contactInbox = addContactInbox(core, contact.id, inboxId, init.sourceId);
  // Trust is granted only for the identifier the contact itself carries.
  if (init.hmacVerified && contact.identifier !== null && contact.identifier === identifier) contactInbox.hmacVerified = true;
  return contactInbox;
}

/**
 * `ContactIdentifyAction` without an identifier (the public update never changes it). An email
 * another contact holds is refused here; Chatwoot would merge the two contacts instead, which the
 * simulator does not model.
 */
export function updateContactDetails(core: SimCore, contact: SimContact, changes: Omit<ContactAttributes, 'identifier'>): SimContact {
  const { state } = core;
  if (changes.email !== undefined) {
    const key = changes.email.toLowerCase();
    const holder = state.contactsByEmail.get(key);
    if (holder && holder.id !== contact.id) throw new SimError(422, 'Email has already been taken');
    if (contact.email) state.contactsByEmail.delete(contact.email.toLowerCase());
    contact.email = changes.email;
    state.contactsByEmail.set(key, contact);
  }
  if (changes.name !== undefined) contact.name = changes.name;
  if (changes.phoneNumber !== undefined) contact.phoneNumber = changes.phoneNumber;
  if (changes.avatarUrl !== undefined) contact.avatarUrl = changes.avatarUrl;
  if (changes.customAttributes !== undefined) contact.customAttributes = { ...contact.customAttributes, ...changes.customAttributes };
  return contact;
}

/**
 * `conversation.typing_on|off` by the contact: to the agents (the typer's own stream is skipped) and
 * to the inbox's callback, as `conversation_typing_on|off`.
 */
export function contactTyping(core: SimCore, c: SimConversation, on: boolean): void {
  const contact = core.state.contacts.get(c.contactId);
  if (!contact) return;
  core.broadcast(on ? 'conversation.typing_on' : 'conversation.typing_off', {
    conversation: conversationPush(core.ctx, c),
    user: contactPush(contact),
    is_private: false,
  });
  const event = on ? 'conversation_typing_on' : 'conversation_typing_off';
  core.webhook(event, typingWebhook(core.ctx, c, event, contactWebhook(core.ctx, contact), false));
}

/**
 * The contact read the conversation: `contact_last_seen_at` moves (`conversation.read` to the
 * agents), then `UpdateMessageStatusJob` marks every sent or delivered message that is not
 * incoming and not newer than that `read`, each with its `message.updated`.
 */
export function contactRead(core: SimCore, c: SimConversation): void {
  const seenAt = core.now();
  c.contactLastSeenAtMs = seenAt;
  core.broadcast('conversation.read', { ...conversationPush(core.ctx, c) });
  for (const message of c.messages) {
    if (message.messageType === 0 || message.createdAtMs > seenAt) continue;
    if (message.status === 'sent' || message.status === 'delivered') updateMessage(core, message, { status: 'read' });
  }
}
