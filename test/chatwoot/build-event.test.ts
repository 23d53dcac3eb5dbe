import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/chatwoot/build-event.ts';
import type { AnyEvent, ChatwootEventMap } from '../../src/chatwoot/events.ts';
import { parseCableFrame } from '../../src/chatwoot/parse-cable-frame.ts';
import { loadWebsocketSamples } from './websocket-samples.ts';

const META = { source: 'cable', receivedAt: 1_700_000_000_000 } as const;

function seedEvents(): AnyEvent[] {
  return loadWebsocketSamples().flatMap((sample) => {
    const frame = parseCableFrame(sample.text);
    if (frame.kind === 'malformed') throw new Error(`sample at line ${sample.line}: ${frame.error}`);
    return frame.kind === 'message' ? [buildEvent(frame.event, frame.data, META)] : [];
  });
}

function only<N extends keyof ChatwootEventMap>(events: AnyEvent[], name: N): ChatwootEventMap[N] {
  const found = events.filter((e) => e.name === name);
  expect(found.length, `samples of ${name}`).toBeGreaterThan(0);
  // The fixture carries the docs twice: both copies must give the same event.
  for (const other of found) expect(other).toEqual(found[0]);
  return found[0] as ChatwootEventMap[N];
}

describe('buildEvent on the websocket samples of Chatwoot docs', () => {
  const events = seedEvents();

  it('turns every sample into a known, typed event', () => {
    expect(loadWebsocketSamples()).toHaveLength(30);
    expect(events).toHaveLength(26);
    expect(new Set(events.map((e) => e.name))).toEqual(
      new Set([
        'conversation.created',
        'conversation.read',
        'message.created',
        'message.updated',
        'conversation.status_changed',
        'conversation.typing_on',
        'conversation.typing_off',
        'assignee.changed',
        'team.changed',
        'conversation.contact_changed',
        'contact.created',
        'contact.updated',
        'presence.update',
      ]),
    );
    for (const event of events) {
      expect(event).not.toHaveProperty('unknown');
      expect(event.accountId).toBe(1);
      expect(event.source).toBe('cable');
      expect(event.replayed).toBe(false);
      expect(event.origin).toBe('chatwoot');
      expect(event.receivedAt).toBe(META.receivedAt);
      expect(event.id.startsWith(`${event.name}:`)).toBe(true);
    }
  });

  it('message.created: normalized message, display conversation id, stable key', () => {
    const event = only(events, 'message.created');
    expect(event.id).toBe('message.created:106:1627060394');
    expect(event.conversationId).toBe(7);
    expect(event.deleted).toBe(false);
    expect(event.previousChanges).toBeUndefined();
    expect(event.message).toMatchObject({
      id: 106,
      content: 'hi',
      conversation_id: 7,
      message_type: 'incoming',
      created_at: 1627060394,
      updated_at: 1627060394,
      sender_type: 'Contact',
      sender_id: 10,
    });
    expect(event.message.sender).toMatchObject({ id: 10, type: 'contact', name: 'white-shadow-394' });
  });

  it('message.updated: template message without a sender', () => {
    const event = only(events, 'message.updated');
    expect(event.id).toBe('message.updated:111:1627060994');
    expect(event.conversationId).toBe(8);
    expect(event.message.message_type).toBe('template');
    expect(event.message.content_attributes).toEqual({ submitted_email: 'jane@acme.inc' });
    expect(event.message.sender).toBeUndefined();
    expect(event.deleted).toBe(false);
  });

  it.each([
    ['conversation.created', 7],
    ['conversation.read', 9],
    ['conversation.status_changed', 7],
    ['team.changed', 8],
    ['conversation.contact_changed', 9],
  ] as const)('%s: conversation %i, normalized', (name, conversationId) => {
    const event = only(events, name);
    expect(event.conversationId).toBe(conversationId);
    expect(event.conversation.id).toBe(conversationId);
    expect(event.id).toBe(`${name}:${conversationId}:`);
    expect(event.conversation.meta?.sender).toMatchObject({ type: 'contact' });
    expect(event.conversation.meta?.assignee).toMatchObject({ id: 1, type: 'user' });
    for (const message of event.conversation.messages ?? []) {
      expect(typeof message.message_type).toBe('string');
      expect(typeof message.updated_at).toBe('number');
    }
  });

  it('conversation.status_changed carries the new status', () => {
    expect(only(events, 'conversation.status_changed').conversation.status).toBe('pending');
  });

  it('assignee.changed: the sample has a null conversation id and stays deliverable', () => {
    const event = only(events, 'assignee.changed');
    expect(event.conversationId).toBeNull();
    expect(event.conversation.id).toBeNull();
    expect(event.id).toBe('assignee.changed::');
  });

  it.each(['conversation.typing_on', 'conversation.typing_off'] as const)('%s: conversation, typer and privacy', (name) => {
    const event = only(events, name);
    expect(event.conversationId).toBe(7);
    expect(event.conversation.id).toBe(7);
    expect(event.user).toMatchObject({ id: 10, type: 'contact' });
    expect(event.isPrivate).toBe(false);
  });

  it('contact.created and contact.updated', () => {
    expect(only(events, 'contact.created')).toMatchObject({ id: 'contact.created:1:', conversationId: null, contact: { id: 1, type: 'contact' } });
    expect(only(events, 'contact.updated')).toMatchObject({ id: 'contact.updated:12:', contact: { id: 12, email: 'jane@acme.inc' } });
  });

  it('presence.update', () => {
    const event = only(events, 'presence.update');
    expect(event.users).toEqual({ '1': 'online' });
    expect(event.contacts).toEqual({ '1': 'online' });
    expect(event.conversationId).toBeNull();
  });
});

describe('buildEvent beyond the samples', () => {
  it('recognises a soft-deleted message and keeps previous_changes', () => {
    const event = buildEvent(
      'message.updated',
      {
        id: 120,
        content: 'This message was deleted',
        content_type: 'text',
        content_attributes: { deleted: true },
        account_id: 3,
        inbox_id: 2,
        conversation_id: 44,
        message_type: 1,
        created_at: 1700000000,
        updated_at: '2023-11-14T22:15:00.250Z',
        previous_changes: { content: ['hello', 'This message was deleted'] },
      },
      META,
    );
    expect(event.name).toBe('message.updated');
    const typed = event as ChatwootEventMap['message.updated'];
    expect(typed.deleted).toBe(true);
    expect(typed.previousChanges).toEqual({ content: ['hello', 'This message was deleted'] });
    expect(typed.message).not.toHaveProperty('previous_changes');
    expect(typed.id).toBe('message.updated:120:1700000100.25');
    expect(typed).toMatchObject({ accountId: 3, conversationId: 44 });
  });

  it('delivers an unknown event untyped, with its data as it came', () => {
    const data = { account_id: 5, id: 9, call: { state: 'ringing' } };
    const event = buildEvent('voice_call.incoming', data, { ...META, replayed: true, origin: 'slack' });
    expect(event).toEqual({
      name: 'voice_call.incoming',
      unknown: true,
      id: 'voice_call.incoming:9:',
      accountId: 5,
      conversationId: null,
      data,
      source: 'cable',
      receivedAt: META.receivedAt,
      replayed: true,
      origin: 'slack',
    });
  });

  it('builds notification and plain events', () => {
    const notification = buildEvent(
      'notification.created',
      { notification: { id: 77, notification_type: 'conversation_mention', created_at: 1700000000 }, unread_count: 3, count: 10, account_id: 1 },
      META,
    ) as ChatwootEventMap['notification.created'];
    expect(notification).toMatchObject({ id: 'notification.created:77:1700000000', unreadCount: 3, count: 10, accountId: 1 });
    expect(notification.notification.id).toBe(77);

    const plain = buildEvent('account.cache_invalidated', { cache_keys: { label: 1 }, account_id: 2 }, META) as ChatwootEventMap['account.cache_invalidated'];
    expect(plain).toMatchObject({ accountId: 2, data: { cache_keys: { label: 1 } }, conversationId: null });
  });

  it('takes the account from a nested object when the payload has no account_id', () => {
    const event = buildEvent('conversation.typing_on', { conversation: { id: 3, account_id: 8, inbox_id: 1 }, user: { id: 2, name: 'Ann', type: 'user' } }, META);
    expect(event).toMatchObject({ accountId: 8, conversationId: 3 });
  });

  it.each([
    'message.created',
    'message.updated',
    'conversation.updated',
    'conversation.typing_on',
    'contact.deleted',
    'notification.deleted',
    'presence.update',
    'account.cache_invalidated',
    'something.new',
  ])('never throws on odd object-shaped data (%s)', (name) => {
    const odd = [
      {},
      { id: 'abc', account_id: 'x', created_at: 'yesterday', conversation: 'nope', sender: 42, attachments: 'none', messages: {} },
      { id: null, conversation: null, user: [], users: 'all', contacts: null, notification: [], changed_attributes: 'x', previous_changes: [] },
    ];
    for (const data of odd) {
      const event = buildEvent(name, data, META);
      expect(event.name).toBe(name);
      expect(typeof event.id).toBe('string');
      expect(typeof event.accountId).toBe('number');
    }
  });
});

describe('contact pubsub tokens', () => {
  it('never survive normalization (they grant live access to a conversation)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../fixtures/websocket-samples.txt', import.meta.url), 'utf8');
    expect(text).toContain('"pubsub_token": "token"');
    const { parseCableFrame } = await import('../../src/chatwoot/parse-cable-frame.ts');
    const blocks = text.split(/\njson\n/).slice(1).map((b) => b.slice(0, b.lastIndexOf('}') + 1));
    let checked = 0;
    for (const block of blocks) {
      const frame = parseCableFrame(block.replace(/^#.*\n/, ''));
      if (frame.kind !== 'message') continue;
      const event = buildEvent(frame.event, frame.data, { source: 'cable', receivedAt: 0 });
      expect(JSON.stringify(event)).not.toContain('pubsub_token');
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
