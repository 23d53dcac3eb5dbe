import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOT_FOUND, SimError, type SimCore } from './simulator-core.ts';
import type { SimContactInbox, SimConversation, SimInbox } from './simulator-state.ts';

/**
 * Who may touch what in the public client API. There is no token: the inbox identifier finds the
 * inbox, the contact's `source_id` finds its session in that inbox, and the session scopes the
 * conversations (`Public::Api::V1::InboxesController`). Unknown ones are a 404; a contact request
 * without a valid `identifier_hash` where one is due is a 401.
 */

export const HMAC_FAILED = 'HMAC failed: Invalid Identifier Hash Provided';
export const HMAC_CONFLICT = 'HMAC failed: Identifier does not match contact';

/** A path segment as the client encoded it (`discord%3A42` → `discord:42`); a malformed one matches nothing. */
export function pathParam(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    return '';
  }
}

/** `Channel::Api.find_by!(identifier:)`. */
export function inboxByIdentifier(core: SimCore, identifier: string): SimInbox {
  for (const inbox of core.state.inboxes.values()) if (inbox.identifier === identifier) return inbox;
  throw new SimError(404, NOT_FOUND);
}

/** `inbox.contact_inboxes.find_by!(source_id:)`. */
export function contactInboxOf(core: SimCore, inbox: SimInbox, sourceId: string): SimContactInbox {
  for (const ci of core.state.contactInboxes.values()) if (ci.inboxId === inbox.id && ci.sourceId === sourceId) return ci;
  throw new SimError(404, NOT_FOUND);
}

/**
 * The conversations a session may see: its own, or — once its identity is proven (`hmac_verified`)
 * — every conversation of its contact.
 */
export function conversationsOf(core: SimCore, ci: SimContactInbox): SimConversation[] {
  return [...core.state.conversations.values()].filter((c) => (ci.hmacVerified ? c.contactId === ci.contactId : c.contactInboxId === ci.id));
}

export function conversationOf(core: SimCore, ci: SimContactInbox, displayId: number): SimConversation {
  const found = conversationsOf(core, ci).find((c) => c.displayId === displayId);
  if (!found) throw new SimError(404, NOT_FOUND);
  return found;
}

/** `OpenSSL::HMAC.hexdigest('sha256', hmac_token, identifier)`: what a client's server computes. */
export function identifierHash(hmacToken: string, identifier: string): string {
  return createHmac('sha256', hmacToken).update(identifier).digest('hex');
}

/**
 * `ContactsController#process_hmac`: checked when a hash is sent or the inbox makes it mandatory.
 * For an existing session the identifier must also be its contact's own (no replaying a valid
 * pair onto someone else); a match marks the session verified. Returns whether a hash was proven.
 */
export function processHmac(inbox: SimInbox, params: Record<string, unknown>, session?: { ci: SimContactInbox; identifier: string | null }): boolean {
  const hash = typeof params['identifier_hash'] === 'string' ? params['identifier_hash'] : '';
  if (hash === '' && !inbox.hmacMandatory) return false;
  const identifier = params['identifier'] === undefined || params['identifier'] === null ? '' : String(params['identifier']);
  const expected = Buffer.from(identifierHash(inbox.hmacToken, identifier));
  const given = Buffer.from(hash);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SimError(401, HMAC_FAILED);
  if (session) {
    const own = session.identifier ?? '';
    if (own !== '' && own !== identifier) throw new SimError(401, HMAC_CONFLICT);
    if (own !== '') session.ci.hmacVerified = true;
  }
  return true;
}
