import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/core/outbox/create-outbox.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { createHarness } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('outbox durability', () => {
  it('resumes pending entries after a restart: delivered once each, in order, attempts kept', async () => {
    const file = join(harness.tempDir(), 'outbox.sqlite');
    const firstStore = await harness.sqlite(file);
    const first = harness.outbox({ store: firstStore }).outbox;
    let firstCalls = 0;
    let aborted: AbortSignal | undefined;
    first.register<string, void>('test.op', {
      execute(_entry, signal) {
        firstCalls += 1;
        if (firstCalls === 1) return Promise.reject(new Error('503 the first time'));
        aborted = signal;
        return new Promise<void>(() => {}); // hangs and ignores the signal
      },
    });
    await first.start();
    const enqueued = [];
    for (const payload of ['a1', 'a2', 'a3']) enqueued.push(await first.enqueue({ kind: 'test.op', destination: 'chatwoot:1', payload }));
    enqueued.push(await first.enqueue({ kind: 'test.op', destination: 'chatwoot:2', payload: 'b1' }));
    await waitFor(() => firstCalls >= 3, { what: 'the retry of a1 and b1 to hang' });
    await first.stop();
    expect(aborted?.aborted).toBe(true);
    expect(first.pending()).toBe(4);
    await harness.close(firstStore);

    // A new process: new Keyv on the same file, new outbox.
    const secondStore = await harness.sqlite(file);
    const second = harness.outbox({ store: secondStore }).outbox;
    const seen: Array<{ payload: string; attempts: number; id: string }> = [];
    second.register<string, void>('test.op', {
      async execute(entry) {
        seen.push({ payload: entry.payload, attempts: entry.attempts, id: entry.id });
      },
    });
    await second.start();
    await second.idle();

    const lane1 = seen.filter((s) => s.payload.startsWith('a'));
    expect(lane1.map((s) => s.payload)).toEqual(['a1', 'a2', 'a3']);
    expect(seen.map((s) => s.payload).sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(lane1[0]).toMatchObject({ attempts: 1, id: enqueued[0]?.entry.id });
    expect(second.pending()).toBe(0);

    // Idempotent across the restart: the delivered id is remembered.
    const again = await second.enqueue({ kind: 'test.op', destination: 'chatwoot:1', id: enqueued[0]?.entry.id as string, payload: 'a1' });
    await again.delivered;
    await second.idle();
    expect(seen).toHaveLength(4);
    await second.stop();
    await harness.close(secondStore);

    // And nothing is left to resume.
    const third = harness.outbox({ store: await harness.sqlite(file) }).outbox;
    let thirdCalls = 0;
    third.register('test.op', { execute: async () => void (thirdCalls += 1) });
    await third.start();
    await third.idle();
    expect(thirdCalls).toBe(0);
  });

  it('keeps every id in the index under concurrent enqueues, in enqueue order', async () => {
    const store = await harness.sqlite(join(harness.tempDir(), 'index.sqlite'));
    const { outbox } = harness.outbox({ store });
    outbox.register('test.op', { execute: async () => {} });
    // Not started: everything stays pending.
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => outbox.enqueue({ kind: 'test.op', destination: `d:${n % 3}`, payload: n })));
    const ids = results.map((r) => r.entry.id);
    expect(await store.get('index')).toEqual(ids);
    const stored = (await store.get(`entry:${ids[7]}`)) as OutboxEntry;
    expect(stored).toMatchObject({ kind: 'test.op', destination: 'd:1', payload: 7, attempts: 0 });
    expect(outbox.pending()).toBe(50);
  });

  it('enqueues before start() run after start(), after the entries from the last run', async () => {
    const file = join(harness.tempDir(), 'early.sqlite');
    const firstStore = await harness.sqlite(file);
    const first = harness.outbox({ store: firstStore }).outbox;
    first.register('test.op', { execute: async () => {} });
    await first.enqueue({ kind: 'test.op', destination: 'd', payload: 'old' });
    await first.stop();
    await harness.close(firstStore);

    const secondStore = await harness.sqlite(file);
    const second = harness.outbox({ store: secondStore }).outbox;
    const seen: unknown[] = [];
    second.register('test.op', { execute: async (entry) => void seen.push(entry.payload) });
    await second.enqueue({ kind: 'test.op', destination: 'd', payload: 'new' });
    expect(seen).toEqual([]);
    await second.start();
    await second.idle();
    expect(seen).toEqual(['old', 'new']);
  });

  it('leaves entries of an unregistered kind stored for a later start', async () => {
    const store = await harness.sqlite(join(harness.tempDir(), 'kinds.sqlite'));
    const first = harness.outbox({ store }).outbox;
    first.register('gone.op', { execute: async () => {} });
    const { entry } = await first.enqueue({ kind: 'gone.op', destination: 'd', payload: 1 });
    await first.stop();

    const { outbox: second, lines } = harness.outbox({ store });
    await second.start();
    await second.idle();
    expect(second.pending()).toBe(0);
    expect(lines.some((l) => l['level'] === 50 && String(l['msg']).includes('no executor'))).toBe(true);
    expect(await store.get('index')).toEqual([entry.id]);
    expect(await store.get(`entry:${entry.id}`)).toBeDefined();
  });
});
