import { startConversation } from './api-inbox-actions.ts';
import { contactRead, contactTyping, identifyContactInbox, updateContactDetails, type ContactAttributes } from './contact-actions.ts';
import { postIncomingMessage, resolveByContact } from './conversation-actions.ts';
import { requireMessage, updateMessage } from './message-actions.ts';
import { contactInboxOf, conversationOf, conversationsOf, inboxByIdentifier, pathParam, processHmac } from './public-api-access.ts';
import { publicContact, publicContactRecord, publicConversation, publicInbox, publicMessage, visibleToContact } from './public-api-views.ts';
import { findMessages, messageBody, storeAttachments } from './rest-routes-messages.ts';
import { route, toInt, type Route, type RouteEnv, type RouteRequest } from './rest-route.ts';
import { NOT_FOUND, SimError } from './simulator-core.ts';
import type { SimContact, SimContactInbox, SimConversation, SimInbox } from './simulator-state.ts';

/**
 * Chatwoot's public client API for API-channel inboxes (`/public/api/v1/inboxes/{inbox_identifier}/…`):
 * what a custom chat widget or a mobile app calls for its one contact. Unauthenticated — the inbox
 * identifier and the contact's `source_id` are the keys — with HMAC identity where the inbox
 * enforces it. It runs on the same actions as the account API, so a message sent here is the same
 * incoming message (cable `message.created`, signed inbox callback) the bot sees from anywhere.
 */

const INBOX = '/public/api/v1/inboxes/(?<inbox>[^/]+)';
const CONTACT = `${INBOX}/contacts/(?<contact>[^/]+)`;
const CONVERSATION = `${CONTACT}/conversations/(?<cid>\\d+)`;

/** Rails' `params`: the query and the body together. */
const paramsOf = (req: RouteRequest): Record<string, unknown> => ({ ...req.query, ...req.body.params });
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const inboxOf = (env: RouteEnv, req: RouteRequest): SimInbox => inboxByIdentifier(env.core, pathParam(req.params['inbox']));

interface Session {
  inbox: SimInbox;
  ci: SimContactInbox;
  contact: SimContact;
}

function sessionOf(env: RouteEnv, req: RouteRequest): Session {
  const inbox = inboxOf(env, req);
  const ci = contactInboxOf(env.core, inbox, pathParam(req.params['contact']));
  const contact = env.core.state.contacts.get(ci.contactId);
  if (!contact) throw new SimError(404, NOT_FOUND);
  return { inbox, ci, contact };
}

function conversationIn(env: RouteEnv, req: RouteRequest): { session: Session; c: SimConversation } {
  const session = sessionOf(env, req);
  return { session, c: conversationOf(env.core, session.ci, toInt(req.params['cid'])) };
}

/** `permitted_params`: identifier, email, name, phone number, avatar URL, custom attributes. */
function contactAttributes(params: Record<string, unknown>): ContactAttributes {
  const attributes: ContactAttributes = {};
  const set = <K extends keyof ContactAttributes>(key: K, value: ContactAttributes[K] | undefined) => {
    if (value !== undefined) attributes[key] = value;
  };
  set('identifier', text(params['identifier']));
  set('name', text(params['name']));
  set('email', text(params['email']));
  set('phoneNumber', text(params['phone_number']));
  set('avatarUrl', text(params['avatar_url']));
  set('customAttributes', record(params['custom_attributes']));
  return attributes;
}

function createContact(env: RouteEnv, req: RouteRequest): unknown {
  const inbox = inboxOf(env, req);
  const params = paramsOf(req);
  const proven = processHmac(inbox, params);
  const sourceId = text(params['source_id']);
  const ci = identifyContactInbox(env.core, inbox.id, {
    ...(sourceId === undefined ? {} : { sourceId }),
    attributes: contactAttributes(params),
    hmacVerified: proven,
  });
  return publicContact(env.core.state.contacts.get(ci.contactId)!, ci);
}

function showContact(env: RouteEnv, req: RouteRequest): unknown {
  const { inbox, ci, contact } = sessionOf(env, req);
  processHmac(inbox, paramsOf(req), { ci, identifier: contact.identifier });
  return publicContact(contact, ci);
}

function updateContact(env: RouteEnv, req: RouteRequest): unknown {
  const { inbox, ci, contact } = sessionOf(env, req);
  const params = paramsOf(req);
  processHmac(inbox, params, { ci, identifier: contact.identifier });
  const { identifier: _identifier, ...changes } = contactAttributes(params);
  return publicContactRecord(env.core.ctx, updateContactDetails(env.core, contact, changes));
}

function createConversation(env: RouteEnv, req: RouteRequest): unknown {
  const { inbox, ci } = sessionOf(env, req);
  // `custom_attributes` is accepted, as Chatwoot does; the simulator keeps none on conversations.
  const conversation = startConversation(env.core, { sourceId: ci.sourceId, inboxId: inbox.id });
  return publicConversation(env.core.ctx, conversation);
}

/** `MessageFinder` with `filter_internal_messages` and `before` only: no notes, no activity. */
function listMessages(env: RouteEnv, req: RouteRequest): unknown {
  const { c } = conversationIn(env, req);
  const before = req.query['before'];
  const visible = c.messages.filter(visibleToContact);
  return findMessages(visible, before === undefined ? {} : { before }).map((m) => publicMessage(env.core.ctx, m));
}

/** Always `incoming`, always from the session's contact; `echo_id` rides on the cable's `message.created` only. */
function createMessage(env: RouteEnv, req: RouteRequest): unknown {
  const { session, c } = conversationIn(env, req);
  const { content, files } = messageBody(req);
  const echo = req.body.params['echo_id'];
  const message = postIncomingMessage(env.core, c, {
    content,
    messageType: 0,
    private: false,
    senderType: 'Contact',
    senderId: session.contact.id,
    attachments: storeAttachments(env, files),
    ...(echo === undefined || echo === null || echo === '' ? {} : { echoId: String(echo) }),
  });
  return publicMessage(env.core.ctx, message);
}

/** `message_update_params`: only `submitted_values` (answers to input_select, forms, CSAT). */
function updateMessageValues(env: RouteEnv, req: RouteRequest): unknown {
  const { c } = conversationIn(env, req);
  const message = requireMessage(env.core, c, toInt(req.params['mid']));
  const submitted = req.body.params['submitted_values'];
  if (submitted === undefined) throw new SimError(422, 'param is missing or the value is empty: submitted_values');
  updateMessage(env.core, message, { contentAttributes: { ...message.contentAttributes, submitted_values: submitted } });
  return publicMessage(env.core.ctx, message);
}

/** The public client API's routes: no `api_access_token` (auth false). */
export const publicApiRoutes: Route[] = [
  route('GET', INBOX, (env, req) => ({ body: publicInbox(inboxOf(env, req)) }), false),
  route('POST', `${INBOX}/contacts`, (env, req) => ({ body: createContact(env, req) }), false),
  route('GET', CONTACT, (env, req) => ({ body: showContact(env, req) }), false),
  route('PATCH', CONTACT, (env, req) => ({ body: updateContact(env, req) }), false),
  route('POST', `${CONTACT}/conversations`, (env, req) => ({ body: createConversation(env, req) }), false),
  route(
    'GET',
    `${CONTACT}/conversations`,
    (env, req) => ({ body: conversationsOf(env.core, sessionOf(env, req).ci).map((c) => publicConversation(env.core.ctx, c)) }),
    false,
  ),
  route('GET', CONVERSATION, (env, req) => ({ body: publicConversation(env.core.ctx, conversationIn(env, req).c) }), false),
  route(
    'POST',
    `${CONVERSATION}/toggle_status`,
    (env, req) => {
      const { session, c } = conversationIn(env, req);
      resolveByContact(env.core, c, session.contact.name);
      return { body: publicConversation(env.core.ctx, c) };
    },
    false,
  ),
  route(
    'POST',
    `${CONVERSATION}/toggle_typing`,
    (env, req) => {
      const { c } = conversationIn(env, req);
      const status = req.body.params['typing_status'];
      if (status === 'on' || status === 'off') contactTyping(env.core, c, status === 'on');
      return { status: 200 };
    },
    false,
  ),
  route(
    'POST',
    `${CONVERSATION}/update_last_seen`,
    (env, req) => {
      contactRead(env.core, conversationIn(env, req).c);
      return { status: 200 };
    },
    false,
  ),
  route('GET', `${CONVERSATION}/messages`, (env, req) => ({ body: listMessages(env, req) }), false),
  route('POST', `${CONVERSATION}/messages`, (env, req) => ({ body: createMessage(env, req) }), false),
  route('PATCH', `${CONVERSATION}/messages/(?<mid>\\d+)`, (env, req) => ({ body: updateMessageValues(env, req) }), false),
];
