import { afterEach, describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/chatwoot/build-event.ts';
import { createDropReporter } from '../../src/chatwoot/drop-reporter.ts';
import { createEventGate } from '../../src/chatwoot/event-gate.ts';
import type { AnyEvent } from '../../src/chatwoot/events.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { definePlugin } from '../../src/index.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { manualTimers } from '../helpers/manual-timers.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const META = { source: 'cable', receivedAt: 0 } as const;
const message = (data: Record<string, unknown>) => buildEvent('message.created', { id: 5, conversation_id: 7, account_id: 1, content: 'hi', ...data }, META);

describe('event gate', () => {
  it('drops cable events with invalid ids before any plugin sees them, counting each reason', async () => {
    const seen: AnyEvent[] = [];
    const spy = definePlugin({ name: 'spy', setup: (ctx) => ctx.on('*', (event) => void seen.push(event)) });
    bot = await createTestBot({ plugins: [spy] });
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada' });
    bot.chatwoot.emit('message.created', { id: 900001, conversation_id: 1e308, content: 'huge id', message_type: 0, created_at: 1 });
    bot.chatwoot.emit('message.created', { id: 'abc', conversation_id: conversation.id, content: 'bad id', message_type: 0, created_at: 1 });
    bot.chatwoot.emit('conversation.status_changed', { id: -3, status: 'resolved' });
    bot.chatwoot.customerMessage(conversation.id!, 'a real one');
    await bot.idle();
    const texts = seen.filter((e): e is AnyEvent & { name: 'message.created' } => e.name === 'message.created').map((e) => ('message' in e ? e.message.content : ''));
    expect(texts).toEqual(['a real one']);
    expect(seen.some((e) => e.name === 'conversation.status_changed')).toBe(false);
    const dropped = Object.fromEntries((await bot.runtime.metrics.droppedEvents.get()).values.map((v) => [v.labels['reason'], v.value]));
    expect(dropped).toMatchObject({ invalid_conversation_id: 2, invalid_message_id: 1 });
    expect(bot.logs.find((l) => String(l['msg']).startsWith('cable events dropped'))).toMatchObject({ reasons: { invalid_conversation_id: 1 } });
  });

  it('checks ids, the account, and lets a conversation event without an id through', () => {
    const { log } = captureLog();
    const metrics = createMetrics();
    const gate = createEventGate({ accountId: 1, metrics, log, source: 'test', timers: manualTimers() });
    expect(gate.check(message({}))).toBeUndefined();
    expect(gate.check(message({ conversation_id: 1.5 }))?.reason).toBe('invalid_conversation_id');
    expect(gate.check(message({ id: 2 ** 53 }))?.reason).toBe('invalid_message_id');
    expect(gate.check(message({ account_id: 2 }))?.reason).toBe('other_account');
    expect(gate.check(message({ account_id: null, account: undefined }))?.reason).toBe('invalid_account_id');
    expect(gate.check(buildEvent('assignee.changed', { account_id: 1, status: 'open' }, META))).toBeUndefined();
    expect(gate.check(buildEvent('contact.updated', { account_id: 1, id: 0 }, META))?.reason).toBe('invalid_contact_id');
    expect(gate.check(buildEvent('some.future_event', { account_id: 1 }, META))).toBeUndefined();
  });
});

describe('drop reporter', () => {
  it('writes the first drop at once, then one summary per interval with counts per reason', () => {
    const { log, lines } = captureLog();
    const timers = manualTimers();
    let now = 0;
    const reporter = createDropReporter({ log, message: 'things dropped', intervalMs: 60_000, now: () => now, timers });
    reporter.report('a', 'first');
    for (let i = 0; i < 99; i += 1) reporter.report(i % 2 ? 'a' : 'b');
    expect(lines.map((l) => l['msg'])).toEqual(['things dropped: 1 × a']);
    now = 60_000;
    timers.fire();
    expect(lines[1]).toMatchObject({ msg: 'things dropped: 50 × b, 49 × a', reasons: { a: 49, b: 50 }, total: 99 });
    // Quiet for a minute: the next one is written at once again.
    now = 120_000;
    reporter.report('c');
    expect(lines.at(-1)?.['msg']).toBe('things dropped: 1 × c');
    reporter.report('c');
    reporter.stop();
    expect(lines.at(-1)?.['msg']).toBe('things dropped: 1 × c');
    expect(timers.pending()).toBe(0);
  });
});
