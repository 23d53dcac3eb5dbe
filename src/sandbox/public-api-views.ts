import { messagePush, type BuildContext } from './payload-builders.ts';
import type { SimContact, SimContactInbox, SimConversation, SimInbox, SimMessage } from './simulator-state.ts';

/**
 * The public client API's answers (`app/views/public/api/v1/…`, and the spec's `public_*`
 * schemas): much less than the account API shows — no assignee, no labels, no other contacts'
 * sessions — and only what the contact may see.
 */

const unix = (ms: number): number => Math.floor(ms / 1000);
const iso = (ms: number): string => new Date(ms).toISOString();

/** `inboxes/show.json.jbuilder`: the inbox's identifier, whether HMAC is enforced, its public settings. */
export function publicInbox(inbox: SimInbox): Record<string, unknown> {
  return {
    identifier: inbox.identifier,
    identity_validation_enabled: inbox.hmacMandatory,
    name: inbox.name,
    timezone: 'UTC',
    working_hours: [],
    working_hours_enabled: false,
    csat_survey_enabled: false,
    greeting_enabled: false,
  };
}

/** `contacts/create|show.json.jbuilder` (`public_contact`): the session's `source_id` and `pubsub_token`, and the contact. */
export function publicContact(contact: SimContact, ci: SimContactInbox): Record<string, unknown> {
  return {
    id: contact.id,
    source_id: ci.sourceId,
    pubsub_token: ci.pubsubToken,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phoneNumber,
  };
}

/** `Contact#as_json` (`public_contact_record`): the update's answer and the conversation's `contact`. */
export function publicContactRecord(ctx: BuildContext, contact: SimContact): Record<string, unknown> {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phoneNumber,
    identifier: contact.identifier,
    blocked: false,
    additional_attributes: {},
    custom_attributes: { ...contact.customAttributes },
    contact_type: 'lead',
    country_code: null,
    last_activity_at: iso(contact.lastActivityAtMs),
    created_at: iso(contact.createdAtMs),
    updated_at: iso(Math.max(contact.createdAtMs, contact.lastActivityAtMs)),
    last_name: null,
    middle_name: null,
    location: null,
    account_id: ctx.state.accountId,
    company_id: null,
  };
}

/** `Message.chat`: what a contact's views list — no activity, nothing private. */
export const visibleToContact = (m: SimMessage): boolean => m.messageType !== 2 && !m.private;

/** `models/_message.json.jbuilder` (`public_message`): integer `message_type`, unix `created_at`, no `echo_id`. */
export function publicMessage(ctx: BuildContext, m: SimMessage): Record<string, unknown> {
  const push = messagePush(ctx, m);
  return {
    id: m.id,
    content: m.content,
    message_type: m.messageType,
    content_type: m.contentType,
    content_attributes: { ...m.contentAttributes },
    created_at: unix(m.createdAtMs),
    conversation_id: m.displayId,
    ...(push.attachments ? { attachments: push.attachments } : {}),
    ...(push.sender ? { sender: push.sender } : {}),
  };
}

/** `models/_conversation.json.jbuilder` (`public_conversation`). */
export function publicConversation(ctx: BuildContext, c: SimConversation): Record<string, unknown> {
  const contact = ctx.state.contacts.get(c.contactId);
  return {
    id: c.displayId,
    uuid: c.uuid,
    inbox_id: c.inboxId,
    contact_last_seen_at: unix(c.contactLastSeenAtMs),
    status: c.status,
    agent_last_seen_at: unix(c.agentLastSeenAtMs),
    messages: c.messages.filter(visibleToContact).map((m) => publicMessage(ctx, m)),
    contact: contact ? publicContactRecord(ctx, contact) : null,
  };
}
