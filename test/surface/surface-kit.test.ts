import { describe, expect, it } from 'vitest';
import { z } from '../../src/index.ts';
import {
  failedWriteOrigin,
  isEchoLink,
  isMirroredLink,
  normalizeReplyMode,
  onceUntilFailure,
  replyModeSetting,
  ensureThread,
  threadOpened,
  threadState,
} from '../../src/surface/index.ts';

describe('reply modes', () => {
  it("one vocabulary: 'replies' | 'notes', Slack's old 'reply' read as 'replies'", () => {
    const schema = z.object({ replyMode: replyModeSetting });
    expect(schema.parse({ replyMode: 'reply' })).toEqual({ replyMode: 'replies' });
    expect(schema.parse({ replyMode: 'notes' })).toEqual({ replyMode: 'notes' });
    expect(schema.parse({})).toEqual({ replyMode: 'replies' });
    expect(() => schema.parse({ replyMode: 'note' })).toThrow();
    expect(normalizeReplyMode(undefined)).toBe('replies');
  });
});

describe('echo links', () => {
  it('reads the one shape and the shapes earlier versions stored', () => {
    expect(isEchoLink({ key: 'a', data: { fromSurface: true, private: false } })).toBe(true);
    expect(isEchoLink({ key: 'a', data: { own: false } })).toBe(true); // Slack, before
    expect(isEchoLink({ key: 'a', data: { fromDiscord: true, private: true } })).toBe(true); // Discord, before
    expect(isMirroredLink({ key: 'a', data: { own: true, text: '2:1' } })).toBe(true);
    expect(isMirroredLink({ key: 'a' })).toBe(true); // Discord posts carry no data
    expect(isMirroredLink(undefined)).toBe(false);
  });
});

describe('onceUntilFailure', () => {
  it('shares one promise, and forgets a failure', async () => {
    let calls = 0;
    const get = onceUntilFailure(async () => {
      calls += 1;
      if (calls === 1) throw new Error('down');
      return calls;
    });
    await expect(get()).rejects.toThrow('down');
    expect(await Promise.all([get(), get()])).toEqual([2, 2]);
    expect(calls).toBe(2);
  });
});

describe('failedWriteOrigin', () => {
  it('is typed from the meta, and undefined when absent or malformed', () => {
    expect(failedWriteOrigin({ meta: { origin: { surface: 'slack', ref: 'C1:1.2' } } })).toEqual({ surface: 'slack', ref: 'C1:1.2' });
    // Stored JSON may not match the type: it is checked, not trusted.
    expect(failedWriteOrigin({ meta: { origin: { surface: 'slack', ref: 7 } } } as never)).toEqual({ surface: 'slack' });
    expect(failedWriteOrigin({ meta: { origin: 'slack' } } as never)).toBeUndefined();
    expect(failedWriteOrigin({})).toBeUndefined();
  });
});

describe('ensureThread', () => {
  const fakeContext = () => {
    const kv = new Map<string, unknown>();
    const conversations = new Map<number, { key: string }>();
    const log = { debug: () => undefined };
    return {
      kv,
      conversations,
      ctx: {
        store: { get: async (k: string) => kv.get(k), set: async (k: string, v: unknown) => void kv.set(k, v), delete: async (k: string) => kv.delete(k) },
        links: { getConversation: async (id: number) => conversations.get(id) },
        chatwoot: { getConversation: async (id: number) => ({ id, inbox_id: 1 }) },
        log,
      } as never,
    };
  };

  it('marks the opening durably before queueing it, once; the executor clears it', async () => {
    const { ctx, kv, conversations } = fakeContext();
    const opened: string[] = [];
    const opener = { placeFor: () => 'C1', open: async (_c: unknown, place: string) => void opened.push(place) };
    expect(await ensureThread(ctx, 'slack', 42, { ...opener, open: async (c, place) => { expect(kv.get('opening:42')).toBe('C1'); await opener.open(c, place); } })).toEqual({ state: 'opening', place: 'C1' });
    expect(await ensureThread(ctx, 'slack', 42, opener)).toEqual({ state: 'opening', place: 'C1' });
    expect(opened).toEqual(['C1']);
    conversations.set(42, { key: 'C1:1.1' });
    await threadOpened((ctx as { store: never }).store, 42);
    expect(await threadState(ctx, 'slack', 42)).toEqual({ state: 'linked', link: { key: 'C1:1.1' } });
  });

  it('opens nothing when the surface declines', async () => {
    const { ctx, kv } = fakeContext();
    expect(await ensureThread(ctx, 'slack', 7, { placeFor: () => undefined, open: async () => expect.fail('opened') })).toBeUndefined();
    expect(kv.size).toBe(0);
  });
});
