import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RetryableError, type OutboxEntry } from '../../../src/core/outbox/create-outbox.ts';
import { upgradeEntry } from '../../../src/core/outbox/destinations.ts';
import { deliveryFailedEvent } from '../../../src/core/writes/delivery-failed-event.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { createFakeClock } from './fake-clock.ts';
import { createHarness, deferred, hasSettled } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('RetryableError', () => {
  it('with retryAfterMs: waits that long, and never uses up the budget', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 0, backoff: { baseMs: 1, capMs: 2 } });
    const at: number[] = [];
    outbox.register('test.op', {
      maxAttempts: 1,
      async execute() {
        at.push(clock.now());
        if (at.length <= 3) throw new RetryableError('slack: rate limited', { retryAfterMs: 5000 });
        return 'sent';
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: {} });
    while (at.length < 4) {
      await waitFor(() => clock.pending() === 1 || at.length >= 4, { what: `retry after attempt ${at.length}` });
      if (clock.pending() === 1) clock.runNext();
    }
    await expect(delivered).resolves.toBe('sent');
    expect(at).toEqual([0, 5000, 10000, 15000]);
  });

  it('without: an ordinary transient failure (counted), like the plain Error with retryAfterMs plugins threw before', async () => {
    const { outbox } = harness.outbox();
    let attempts = 0;
    outbox.register('test.op', {
      maxAttempts: 2,
      async execute() {
        attempts += 1;
        throw new RetryableError('slack: HTTP 503', { cause: new Error('503') });
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: {} });
    await expect(delivered).rejects.toThrow('slack: HTTP 503');
    expect(attempts).toBe(2);

    const legacy = Object.assign(new Error('discord: rate limited'), { retryAfterMs: 1 });
    const { outbox: second } = harness.outbox();
    let calls = 0;
    second.register('test.op', { maxAttempts: 1, execute: async () => (++calls <= 3 ? Promise.reject(legacy) : 'sent') });
    await second.start();
    await expect((await second.enqueue({ kind: 'test.op', destination: 'd', payload: {} })).delivered).resolves.toBe('sent');
  });
});

describe('entries stored by the previous version', () => {
  it('run after an upgrade: a plugin destination joins its namespaced lane, a Chatwoot write gets its conversationId', async () => {
    const store = await harness.sqlite(join(harness.tempDir(), 'upgrade.sqlite'));
    // What the previous version stored: plugin destinations as the plugin named them, no conversationId.
    const before = harness.outbox({ store }).outbox;
    for (const kind of ['discord.post', 'chatwoot.write']) before.register(kind, { execute: async () => undefined });
    const old = await before.enqueue({ kind: 'discord.post', destination: '1234', payload: { n: 1 }, meta: { plugin: 'discord' } });
    const write = await before.enqueue({ kind: 'chatwoot.write', destination: 'chatwoot:42', payload: { op: 'message' }, meta: { plugin: 'slack', origin: { surface: 'slack', ref: 'C1:1.1' } } });
    await before.stop();
    expect(old.entry.conversationId).toBeUndefined();

    const { outbox } = harness.outbox({ store });
    const seen: OutboxEntry[] = [];
    const failed: OutboxEntry[] = [];
    const gate = deferred<void>();
    outbox.register('discord.post', {
      async execute(entry) {
        seen.push(entry);
        if ((entry.payload as { n: number }).n === 1) await gate.promise;
      },
    });
    outbox.register('chatwoot.write', {
      execute: async () => Promise.reject(new Error('422')),
      maxAttempts: 1,
      onFailed: (entry) => void failed.push(entry),
    });
    await outbox.start();
    // Queued after the upgrade by the same plugin and channel: the same lane, so it waits its turn.
    const fresh = await outbox.enqueue({ kind: 'discord.post', destination: 'discord:1234', payload: { n: 2 }, meta: { plugin: 'discord' } });
    await waitFor(() => seen.length === 1, { what: 'the resumed entry' });
    expect(seen[0]).toMatchObject({ id: old.entry.id, destination: 'discord:1234', resumed: true });
    expect(await hasSettled(fresh.delivered)).toBe(false);
    gate.resolve();
    await fresh.delivered;
    expect(seen.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2]);

    await waitFor(() => failed.length === 1, { what: 'the failed Chatwoot write' });
    expect(failed[0]).toMatchObject({ id: write.entry.id, destination: 'chatwoot:42', conversationId: 42 });
    expect(deliveryFailedEvent(failed[0]!, new Error('422'), { accountId: 1, now: 0 })).toMatchObject({ conversationId: 42, plugin: 'slack' });
  });

  it('upgradeEntry leaves current entries, Slack lanes and core kinds as they are', () => {
    const base = { id: 'x', payload: {}, attempts: 0, createdAt: 0, nextAttemptAt: 0 };
    const slack = { ...base, kind: 'slack.post', destination: 'slack:C1', meta: { plugin: 'slack' } };
    expect(upgradeEntry(slack)).toBe(slack);
    const current = { ...base, kind: 'chatwoot.write', destination: 'chatwoot:7', conversationId: 7, meta: { plugin: 'discord' } };
    expect(upgradeEntry(current)).toBe(current);
    expect(upgradeEntry({ ...base, kind: 'discord.rename', destination: 'rename:42', meta: { plugin: 'discord' } }).destination).toBe('discord:rename:42');
    expect(upgradeEntry({ ...base, kind: 'test.op', destination: 'd' }).destination).toBe('d');
  });
});
