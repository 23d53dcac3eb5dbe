import { addContactInbox, createApiInbox, createContact, requireInbox, startConversation } from './api-inbox-actions.ts';
import { contactRest, conversationRest } from './payload-builders.ts';
import { SimError } from './simulator-core.ts';
import type { SimContactInbox, SimInbox } from './simulator-state.ts';
import { ACCOUNT, toBool, toInt, route, type Route, type RouteEnv, type RouteRequest } from './rest-route.ts';

/** `api/v1/models/_inbox.json.jbuilder`: the channel's secrets only for administrators. */
export function inboxRest(inbox: SimInbox, admin: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: inbox.id,
    name: inbox.name,
    channel_type: inbox.channelType,
    channel_id: inbox.id,
    avatar_url: '',
    enable_auto_assignment: true,
    greeting_enabled: false,
    working_hours_enabled: false,
    callback_webhook_url: null,
    webhook_url: inbox.webhookUrl,
    hmac_mandatory: inbox.hmacMandatory,
  };
  if (admin) Object.assign(body, { inbox_identifier: inbox.identifier, secret: inbox.secret, hmac_token: inbox.hmacToken });
  return body;
}

function contactInboxJson(env: RouteEnv, ci: SimContactInbox): Record<string, unknown> {
  const inbox = env.core.state.inboxes.get(ci.inboxId);
  return { source_id: ci.sourceId, inbox: { id: ci.inboxId, name: inbox?.name ?? '', channel_type: 'Channel::Api', channel_id: ci.inboxId, avatar_url: '', provider: null } };
}

const isAdmin = (env: RouteEnv, req: RouteRequest) => env.core.state.agents.get(req.callerId)?.role === 'administrator';
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

function createInbox(env: RouteEnv, req: RouteRequest): unknown {
  // `InboxPolicy#create?`: administrators only; Chatwoot says so with a 401.
  if (!isAdmin(env, req)) throw new SimError(401, 'You are not authorized to do this action');
  const p = req.body.params;
  const name = text(p['name']);
  if (!name) throw new SimError(422, "Name can't be blank");
  const channel = record(p['channel']);
  if (channel['type'] !== 'api') throw new SimError(422, `the simulator makes API inboxes only (channel type ${JSON.stringify(channel['type'] ?? null)})`);
  const webhookUrl = text(channel['webhook_url']);
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/i.test(webhookUrl)) throw new SimError(422, 'Webhook url is invalid');
  const inbox = createApiInbox(env.core, { name, webhookUrl: webhookUrl ?? null, hmacMandatory: toBool(channel['hmac_mandatory']) });
  return inboxRest(inbox, true);
}

function newContact(env: RouteEnv, req: RouteRequest): unknown {
  const p = req.body.params;
  const inboxId = p['inbox_id'] === undefined || p['inbox_id'] === null || p['inbox_id'] === '' ? undefined : toInt(p['inbox_id']);
  const identifier = text(p['identifier']);
  const name = text(p['name']);
  const email = text(p['email']);
  const avatarUrl = text(p['avatar_url']);
  const sourceId = text(p['source_id']);
  const { contact, contactInbox } = createContact(env.core, {
    ...(name ? { name } : {}),
    ...(identifier ? { identifier } : {}),
    ...(email ? { email } : {}),
    ...(avatarUrl ? { avatarUrl } : {}),
    ...(inboxId !== undefined ? { inboxId } : {}),
    ...(sourceId ? { sourceId } : {}),
  });
  // `contacts/create.json.jbuilder`: {payload: {contact, contact_inbox}}.
  return { payload: { contact: contactRest(env.core.ctx, contact), contact_inbox: contactInbox ? contactInboxJson(env, contactInbox) : { inbox: null, source_id: null } } };
}

/** API-channel inboxes, contacts with identifiers, contact inboxes, conversations by `source_id`. */
export const apiInboxRoutes: Route[] = [
  route('GET', `${ACCOUNT}/inboxes`, (env, req) => ({ body: { payload: [...env.core.state.inboxes.values()].map((inbox) => inboxRest(inbox, isAdmin(env, req))) } })),
  route('POST', `${ACCOUNT}/inboxes`, (env, req) => ({ body: createInbox(env, req) })),
  route('GET', `${ACCOUNT}/inboxes/(?<iid>\\d+)`, (env, req) => ({ body: inboxRest(requireInbox(env.core, toInt(req.params['iid'])), isAdmin(env, req)) })),
  route('POST', `${ACCOUNT}/contacts`, (env, req) => ({ body: newContact(env, req) })),
  route('GET', `${ACCOUNT}/contacts/(?<ctid>\\d+)`, (env, req) => {
    const contact = env.core.state.contacts.get(toInt(req.params['ctid']));
    if (!contact) throw new SimError(404, 'Resource could not be found');
    return { body: { payload: contactRest(env.core.ctx, contact) } };
  }),
  route('POST', `${ACCOUNT}/contacts/(?<ctid>\\d+)/contact_inboxes`, (env, req) => {
    const p = req.body.params;
    if (p['inbox_id'] === undefined || p['inbox_id'] === null) throw new SimError(422, 'Inbox is required');
    const ci = addContactInbox(env.core, toInt(req.params['ctid']), toInt(p['inbox_id']), text(p['source_id']));
    return { body: contactInboxJson(env, ci) };
  }),
  route('POST', `${ACCOUNT}/conversations`, (env, req) => {
    const p = req.body.params;
    const sourceId = text(p['source_id']);
    if (!sourceId) throw new SimError(422, "Source can't be blank");
    const status = p['status'] === 'pending' || p['status'] === 'resolved' ? p['status'] : 'open';
    const contactId = p['contact_id'] === undefined || p['contact_id'] === null || p['contact_id'] === '' ? undefined : toInt(p['contact_id']);
    const conversation = startConversation(env.core, { sourceId, inboxId: toInt(p['inbox_id']), status, ...(contactId !== undefined ? { contactId } : {}) });
    return { body: conversationRest(env.core.ctx, conversation) };
  }),
];
