import { describe, expectTypeOf, it } from 'vitest';
import {
  definePlugin,
  z,
  type AnyEvent,
  type ConversationEvent,
  type DeliveryFailedEvent,
  type KeyValueStore,
  type Logger,
  type Message,
  type MessageEvent,
  type PluginContext,
  type TypingEvent,
} from '../../../src/index.ts';

// Type tests: `tsc --noEmit` (part of npm test) fails if these stop holding.
describe('plugin API types', () => {
  it('types ctx.on handlers by event name', () => {
    definePlugin({
      name: 'types',
      setup(ctx) {
        ctx.on('message.created', (event) => {
          expectTypeOf(event).toEqualTypeOf<MessageEvent<'message.created'>>();
          expectTypeOf(event.message).toEqualTypeOf<Message>();
          expectTypeOf(event.message.message_type).toEqualTypeOf<'incoming' | 'outgoing' | 'activity' | 'template'>();
          expectTypeOf(event.deleted).toEqualTypeOf<boolean>();
        });
        ctx.on('conversation.status_changed', (event) => {
          expectTypeOf(event).toEqualTypeOf<ConversationEvent<'conversation.status_changed'>>();
          expectTypeOf(event.conversation.status).toEqualTypeOf<'open' | 'resolved' | 'pending' | 'snoozed'>();
        });
        ctx.on('conversation.typing_on', (event) => expectTypeOf(event).toEqualTypeOf<TypingEvent<'conversation.typing_on'>>());
        ctx.on('switchboard.delivery_failed', (event) => expectTypeOf(event).toEqualTypeOf<DeliveryFailedEvent>());
        ctx.on('*', (event) => expectTypeOf(event).toEqualTypeOf<AnyEvent>());
        ctx.on('some.future_event', (event) => expectTypeOf(event).toEqualTypeOf<AnyEvent>());
      },
    });
  });

  it('types ctx.config from the plugin schema', () => {
    definePlugin({
      name: 'configured',
      config: z.object({ waitMinutes: z.number().default(15), channel: z.string().optional() }),
      setup(ctx) {
        expectTypeOf(ctx.config).toEqualTypeOf<{ waitMinutes: number; channel?: string | undefined }>();
      },
    });
  });

  it("types ctx.store and ctx.log as Switchboard's own small interfaces, not a library's", () => {
    expectTypeOf<PluginContext['store']>().toEqualTypeOf<KeyValueStore>();
    expectTypeOf<PluginContext['store']['get']>().toBeFunction();
    expectTypeOf<keyof PluginContext['store']>().toEqualTypeOf<'get' | 'set' | 'delete'>();
    expectTypeOf<PluginContext['log']>().toEqualTypeOf<Logger>();
    expectTypeOf<keyof Logger>().toEqualTypeOf<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'child'>();
  });

  it('gives writes a durable receipt', () => {
    expectTypeOf<PluginContext['chatwoot']['reply']>().returns.resolves.toEqualTypeOf<{ id: string; delivered: Promise<unknown> }>();
  });
});
