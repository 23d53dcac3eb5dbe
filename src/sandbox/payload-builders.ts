import type {
  RawAttachment,
  RawContact,
  RawContactInbox,
  RawConversation,
  RawMessage,
  RawTeam,
  RawUser,
} from './raw-chatwoot-types.ts';
import type { SimAgent, SimAttachment, SimContact, SimConversation, SimMessage, SimState } from './simulator-state.ts';

/** What the builders need besides the records: the account and who is online right now. */
export interface BuildContext {
  state: SimState;
  availability(agent: SimAgent): 'online' | 'busy' | 'offline';
}

const unix = (ms: number): number => Math.floor(ms / 1000);
const iso = (ms: number): string => new Date(ms).toISOString();

/** `User#push_event_data`. */
export function userPush(ctx: BuildContext, agent: SimAgent): RawUser {
  return {
    id: agent.id,
    name: agent.name,
    available_name: agent.name,
    avatar_url: '',
    type: 'user',
    availability_status: ctx.availability(agent),
    thumbnail: '',
  };
}

/** `Contact#push_event_data` (4.x: no `pubsub_token`). */
export function contactPush(contact: SimContact): RawContact {
  return {
    additional_attributes: {},
    custom_attributes: { ...contact.customAttributes },
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phoneNumber,
    thumbnail: '',
    blocked: false,
    type: 'contact',
  };
}

export function attachmentPush(ctx: BuildContext, a: SimAttachment): RawAttachment {
  return {
    id: a.id,
    message_id: a.messageId,
    file_type: a.fileType,
    account_id: ctx.state.accountId,
    extension: a.extension,
    data_url: a.dataUrl,
    thumb_url: a.thumbUrl,
    file_size: a.fileSize,
    width: null,
    height: null,
  };
}

export function teamJson(ctx: BuildContext, teamId: number | null): RawTeam | null {
  const team = teamId === null ? undefined : ctx.state.teams.get(teamId);
  if (!team) return null;
  return { id: team.id, name: team.name, description: '', allow_auto_assign: true, account_id: ctx.state.accountId, is_member: true };
}

function contactInboxJson(ctx: BuildContext, conversation: SimConversation): RawContactInbox {
  const ci = ctx.state.contactInboxes.get(conversation.contactInboxId);
  const created = iso(ci?.createdAtMs ?? conversation.createdAtMs);
  return {
    id: conversation.contactInboxId,
    contact_id: conversation.contactId,
    inbox_id: conversation.inboxId,
    source_id: ci?.sourceId ?? '',
    created_at: created,
    updated_at: created,
    hmac_verified: ci?.hmacVerified ?? false,
    // Chatwoot leaks the whole ContactInbox record, token included.
    pubsub_token: ci?.pubsubToken ?? '',
  };
}

function senderOf(ctx: BuildContext, m: SimMessage): RawUser | RawContact | undefined {
  if (m.senderId === null) return undefined;
  if (m.senderType === 'User') {
    const agent = ctx.state.agents.get(m.senderId);
    return agent ? userPush(ctx, agent) : undefined;
  }
  const contact = ctx.state.contacts.get(m.senderId);
  return contact ? contactPush(contact) : undefined;
}

/** `Message#push_event_data`, key order as in Chatwoot's samples. */
export function messagePush(ctx: BuildContext, m: SimMessage, echoId?: string): RawMessage {
  const conversation = ctx.state.conversations.get(m.displayId);
  const data: RawMessage = {
    id: m.id,
    content: m.content,
    account_id: ctx.state.accountId,
    inbox_id: m.inboxId,
    conversation_id: m.displayId,
    message_type: m.messageType,
    created_at: unix(m.createdAtMs),
    updated_at: iso(m.updatedAtMs),
    private: m.private,
    status: m.status,
    source_id: m.sourceId,
    content_type: m.contentType,
    content_attributes: { ...m.contentAttributes },
    sender_type: m.senderType,
    sender_id: m.senderId,
    external_source_ids: {},
    additional_attributes: {},
    processed_message_content: m.content,
    sentiment: {},
    conversation: {
      assignee_id: conversation?.assigneeId ?? null,
      unread_count: conversation?.unreadCount ?? 0,
      last_activity_at: unix(conversation?.lastActivityAtMs ?? m.createdAtMs),
      contact_inbox: { source_id: ctx.state.contactInboxes.get(conversation?.contactInboxId ?? -1)?.sourceId ?? '' },
    },
  };
  if (echoId) data.echo_id = echoId;
  if (m.attachments.length > 0) data.attachments = m.attachments.map((a) => attachmentPush(ctx, a));
  const sender = senderOf(ctx, m);
  if (sender) data.sender = sender;
  return data;
}

/** `Conversations::EventDataPresenter#push_data` + `account_id`. */
export function conversationPush(ctx: BuildContext, c: SimConversation): RawConversation {
  const contact = ctx.state.contacts.get(c.contactId);
  const assignee = c.assigneeId === null ? undefined : ctx.state.agents.get(c.assigneeId);
  return {
    additional_attributes: {},
    can_reply: true,
    channel: 'Channel::Api',
    contact_inbox: contactInboxJson(ctx, c),
    id: c.displayId,
    inbox_id: c.inboxId,
    messages: c.lastChatMessage ? [messagePush(ctx, c.lastChatMessage)] : [],
    labels: [...c.labels],
    meta: {
      sender: contact ? contactPush(contact) : contactPush(placeholderContact(c.contactId)),
      assignee: assignee ? userPush(ctx, assignee) : null,
      assignee_type: assignee ? 'User' : null,
      team: teamJson(ctx, c.teamId),
      hmac_verified: ctx.state.contactInboxes.get(c.contactInboxId)?.hmacVerified ?? false,
    },
    status: c.status,
    custom_attributes: {},
    snoozed_until: c.snoozedUntil,
    unread_count: c.unreadCount,
    first_reply_created_at: c.firstReplyCreatedAtMs === null ? null : unix(c.firstReplyCreatedAtMs),
    priority: null,
    waiting_since: 0,
    agent_last_seen_at: unix(c.agentLastSeenAtMs),
    contact_last_seen_at: unix(c.contactLastSeenAtMs),
    last_activity_at: unix(c.lastActivityAtMs),
    timestamp: unix(c.lastActivityAtMs),
    created_at: unix(c.createdAtMs),
    updated_at: c.updatedAtMs / 1000,
    account_id: ctx.state.accountId,
  };
}

function placeholderContact(id: number): SimContact {
  return { id, name: '', email: null, phoneNumber: null, identifier: null, createdAtMs: 0, lastActivityAtMs: 0 };
}

/** The REST conversation partial: push data plus the few keys only the jbuilder view has. */
export function conversationRest(ctx: BuildContext, c: SimConversation): Record<string, unknown> {
  const push = conversationPush(ctx, c);
  return {
    ...push,
    uuid: c.uuid,
    muted: false,
    meta: { ...push.meta, channel: 'Channel::Api' },
    last_non_activity_message: push.messages[0] ?? null,
  };
}

/** The messages index and create views: push data without the nested `conversation`. */
export function messageRest(ctx: BuildContext, m: SimMessage, echoId?: string): Record<string, unknown> {
  const { conversation: _conversation, ...rest } = messagePush(ctx, m, echoId);
  return rest;
}

/** `api/v1/models/_agent.json.jbuilder`. */
export function agentRest(ctx: BuildContext, agent: SimAgent): Record<string, unknown> {
  return {
    id: agent.id,
    account_id: ctx.state.accountId,
    availability_status: ctx.availability(agent),
    auto_offline: agent.autoOffline,
    confirmed: true,
    email: agent.email,
    available_name: agent.name,
    name: agent.name,
    role: agent.role,
    thumbnail: '',
    custom_role_id: null,
  };
}

/** The contacts index/search item. */
export function contactRest(ctx: BuildContext, contact: SimContact): Record<string, unknown> {
  const { type: _type, ...push } = contactPush(contact);
  return {
    ...push,
    availability_status: 'offline',
    last_activity_at: unix(contact.lastActivityAtMs),
    created_at: unix(contact.createdAtMs),
    contact_inboxes: [...ctx.state.contactInboxes.values()]
      .filter((ci) => ci.contactId === contact.id)
      .map((ci) => ({ source_id: ci.sourceId, inbox: { id: ci.inboxId, name: ctx.state.inboxes.get(ci.inboxId)?.name ?? '', channel_type: 'Channel::Api' } })),
  };
}
