import type { FakeChatwoot } from './fake-chatwoot-server.ts';

/**
 * Raw Chatwoot JSON as the REST API renders it (4.15; shapes from swagger.json and the jbuilder
 * views described in shared/reference/chatwoot-internals.md §3–4): integer `message_type`,
 * unix `created_at`, ISO `updated_at` on messages.
 */

export const TOKEN = 'cw-secret-token-4f2a9b';
export const ACCOUNT_ID = 1;

export function rawAgent(overrides: Record<string, unknown> = {}) {
  return {
    id: 7,
    account_id: ACCOUNT_ID,
    availability_status: 'online',
    auto_offline: false,
    confirmed: true,
    email: 'bridge@example.com',
    available_name: 'Switchboard',
    name: 'Switchboard',
    role: 'administrator',
    thumbnail: '',
    custom_role_id: null,
    ...overrides,
  };
}

export function rawContact(overrides: Record<string, unknown> = {}) {
  return {
    additional_attributes: {},
    availability_status: 'offline',
    email: 'ada@example.com',
    id: 11,
    name: 'Ada Lovelace',
    phone_number: null,
    blocked: false,
    identifier: null,
    thumbnail: '',
    custom_attributes: {},
    last_activity_at: 1_718_000_000,
    created_at: 1_717_000_000,
    ...overrides,
  };
}

/** A message as `GET …/messages` lists it. */
export function rawMessage(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    content: `message ${id}`,
    account_id: ACCOUNT_ID,
    inbox_id: 3,
    conversation_id: 42,
    message_type: 0,
    created_at: 1_718_000_000 + id,
    updated_at: '2024-06-10T06:13:20.000Z',
    private: false,
    status: 'sent',
    source_id: null,
    content_type: 'text',
    content_attributes: {},
    sender_type: 'Contact',
    sender_id: 11,
    external_source_ids: {},
    additional_attributes: {},
    processed_message_content: `message ${id}`,
    sentiment: {},
    conversation: { assignee_id: 7, unread_count: 1, last_activity_at: 1_718_000_000, contact_inbox: { source_id: 'abc' } },
    sender: rawContact({ type: 'contact' }),
    ...overrides,
  };
}

export function rawConversation(id: number, overrides: Record<string, unknown> = {}) {
  return {
    meta: {
      sender: rawContact(),
      channel: 'Channel::WebWidget',
      assignee: { ...rawAgent(), type: 'user' },
      assignee_type: 'User',
      team: null,
      hmac_verified: false,
    },
    id,
    messages: [rawMessage(500, { conversation_id: id })],
    account_id: ACCOUNT_ID,
    uuid: '2f1b1c3a-5d5e-4c4a-9e53-2b2f1f0a9c11',
    additional_attributes: {},
    agent_last_seen_at: 1_718_000_100,
    assignee_last_seen_at: 0,
    can_reply: true,
    contact_last_seen_at: 0,
    custom_attributes: {},
    inbox_id: 3,
    labels: ['billing'],
    muted: false,
    snoozed_until: null,
    status: 'open',
    created_at: 1_717_000_000,
    updated_at: 1_718_000_000.25,
    timestamp: 1_718_000_000,
    first_reply_created_at: 1_717_000_100,
    unread_count: 1,
    last_activity_at: 1_718_000_000,
    priority: null,
    waiting_since: 0,
    ...overrides,
  };
}

export function rawProfile() {
  return {
    id: 7,
    access_token: TOKEN,
    account_id: ACCOUNT_ID,
    available_name: 'Switchboard',
    avatar_url: '',
    confirmed: true,
    display_name: null,
    message_signature: null,
    email: 'bridge@example.com',
    hmac_identifier: 'f00',
    inviter_id: null,
    name: 'Switchboard',
    provider: 'email',
    pubsub_token: 'pubsub-7-xyz',
    role: 'administrator',
    ui_settings: {},
    uid: 'bridge@example.com',
    type: 'SuperAdmin',
    accounts: [{ id: ACCOUNT_ID, name: 'Acme', role: 'administrator', availability: 'online', availability_status: 'online', auto_offline: false, permissions: ['administrator'] }],
  };
}

/**
 * Serves `GET …/conversations/:cid/messages` over `messages` with Chatwoot's MessageFinder rules:
 * no cursor → latest 20; `before` → 20 older; `after` → up to 100 newer; both → the range (≤ 1000);
 * always ascending.
 */
export function serveMessages(fake: FakeChatwoot, conversationId: number, messages: ReturnType<typeof rawMessage>[]) {
  const sorted = [...messages].sort((a, b) => a.id - b.id);
  fake.on('GET', `/api/v1/accounts/${ACCOUNT_ID}/conversations/${conversationId}/messages`, (req) => {
    const before = req.query.get('before');
    const after = req.query.get('after');
    let page: typeof sorted;
    if (before && after) page = sorted.filter((m) => m.id > Number(after) && m.id < Number(before)).slice(0, 1000);
    else if (after) page = sorted.filter((m) => m.id > Number(after)).slice(0, 100);
    else if (before) page = sorted.filter((m) => m.id < Number(before)).slice(-20);
    else page = sorted.slice(-20);
    return {
      json: {
        meta: { labels: ['billing'], additional_attributes: {}, contact: rawContact(), assignee: rawAgent(), agent_last_seen_at: null, assignee_last_seen_at: null },
        payload: page,
      },
    };
  });
}
