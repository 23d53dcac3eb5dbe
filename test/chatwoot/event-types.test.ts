import { describe, expectTypeOf, it } from 'vitest';
import { buildEvent } from '../../src/chatwoot/build-event.ts';
import type { AnyEvent, ChatwootEventMap, UnknownEvent } from '../../src/chatwoot/events.ts';
import type { Contact, Conversation, Message, Sender } from '../../src/chatwoot/models.ts';
import type { CableFrame } from '../../src/chatwoot/parse-cable-frame.ts';
import { parseCableFrame } from '../../src/chatwoot/parse-cable-frame.ts';
import type { SignatureCheck } from '../../src/chatwoot/webhook-signature.ts';
import { normalizeWebhookEvent } from '../../src/chatwoot/normalize-webhook-event.ts';

// Checked by `tsc --noEmit` (the test folder is in tsconfig); at run time these are no-ops.
describe('event types', () => {
  it('maps each event name to its payload type', () => {
    expectTypeOf<ChatwootEventMap['message.created']['message']>().toEqualTypeOf<Message>();
    expectTypeOf<ChatwootEventMap['message.updated']['deleted']>().toEqualTypeOf<boolean>();
    expectTypeOf<ChatwootEventMap['message.updated']['previousChanges']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<ChatwootEventMap['message.created']['name']>().toEqualTypeOf<'message.created'>();
    expectTypeOf<ChatwootEventMap['conversation.status_changed']['conversation']>().toEqualTypeOf<Conversation>();
    expectTypeOf<ChatwootEventMap['assignee.changed']['conversationId']>().toEqualTypeOf<number | null>();
    expectTypeOf<ChatwootEventMap['conversation.typing_on']['user']>().toEqualTypeOf<Sender>();
    expectTypeOf<ChatwootEventMap['conversation.typing_on']['isPrivate']>().toEqualTypeOf<boolean>();
    expectTypeOf<ChatwootEventMap['contact.updated']['contact']>().toEqualTypeOf<Contact>();
    expectTypeOf<ChatwootEventMap['notification.created']['unreadCount']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ChatwootEventMap['presence.update']['users']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<ChatwootEventMap['account.cache_invalidated']['data']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<UnknownEvent['unknown']>().toEqualTypeOf<true>();
    expectTypeOf<ChatwootEventMap['message.created']>().not.toHaveProperty('conversation');
  });

  it('types the builders', () => {
    expectTypeOf(buildEvent).returns.toEqualTypeOf<AnyEvent>();
    expectTypeOf(normalizeWebhookEvent).returns.toEqualTypeOf<AnyEvent | { error: string }>();
    expectTypeOf(parseCableFrame).parameter(0).toEqualTypeOf<string | Buffer>();
    expectTypeOf<Extract<CableFrame, { kind: 'message' }>['data']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<Extract<CableFrame, { kind: 'disconnect' }>['reconnect']>().toEqualTypeOf<boolean>();
    expectTypeOf<Extract<SignatureCheck, { ok: false }>['reason']>().toEqualTypeOf<
      'missing_signature' | 'missing_timestamp' | 'bad_signature' | 'stale_timestamp'
    >();
  });

  it('narrows an AnyEvent by name', () => {
    const handle = (event: AnyEvent) => {
      if (event.name === 'message.created' && !('unknown' in event)) {
        expectTypeOf(event).toEqualTypeOf<ChatwootEventMap['message.created']>();
      }
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<AnyEvent>();
  });
});
