import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../src/chatwoot/events.ts';
import type { Conversation, Message } from '../../../src/chatwoot/models.ts';
import { ChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { fullPass, sweepPass, type CatchUpDeps, type CatchUpRest } from '../../../src/core/catch-up/catch-up.ts';
import { createIntakeGate } from '../../../src/core/intake/intake-gate.ts';
import { createDeliveryLog } from '../../../src/core/ledger/delivery-log.ts';
import { ledgerKv } from '../../../src/core/ledger/ledger-kv.ts';
import { createLogger } from '../../../src/observability/create-logger.ts';
import { createStore } from '../../../src/core/store/create-store.ts';

const NOW = 1_700_000_000_000;

const message = (id: number, conversationId: number, createdAt = NOW / 1000 - 10): Message =>
  ({ id, conversation_id: conversationId, account_id: 1, content: `m${id}`, message_type: 'incoming', created_at: createdAt, private: false, content_attributes: {} }) as unknown as Message;

async function setUp(rest: CatchUpRest, prepare?: (deps: CatchUpDeps) => void) {
  const store = await createStore('memory://');
  const deliveries = createDeliveryLog({ kv: ledgerKv(store, 'deliveries'), now: () => NOW, flushDelayMs: 0, commitEveryMs: 0 });
  await deliveries.load();
  deliveries.initSyncPoint(NOW - 3_600_000);
  const replayed: AnyEvent[] = [];
  const skipped: string[] = [];
  const deps: CatchUpDeps = {
    rest,
    deliveries,
    replay: (event) => void replayed.push(event),
    drained: async () => {},
    log: createLogger({ level: 'silent' }),
    now: () => NOW,
    skipped: (reason) => void skipped.push(reason),
  };
  prepare?.(deps);
  return { deps, replayed, skipped, gate: createIntakeGate({ forward: () => {} }) };
}

const listing = (conversations: Array<Partial<Conversation>>): CatchUpRest['listConversations'] =>
  async () => ({ conversations: conversations as Conversation[], meta: { all_count: conversations.length } }) as Awaited<ReturnType<CatchUpRest['listConversations']>>;

describe('catch-up pass', () => {
  it('skips and counts bad conversations in the list and one it cannot read; the rest of the pass goes on', async () => {
    const rest: CatchUpRest = {
      listConversations: listing([{ id: 0 }, { id: Number.NaN }, { id: 7 }, { id: 8 }, { id: 9 }, { id: 8 }]),
      async listMessages(conversationId) {
        if (conversationId === 7) throw new ChatwootApiError({ kind: 'server', status: 500, method: 'GET', path: '/7' });
        if (conversationId === 8) throw new ChatwootApiError({ kind: 'not_found', status: 404, method: 'GET', path: '/8' });
        return { meta: {}, messages: [message(90, 9)] };
      },
      iterateMessagesAfter: async function* () {},
    };
    const { deps, replayed, skipped, gate } = await setUp(rest);
    const result = await fullPass(deps, gate);
    expect(replayed.map((e) => e.id.split(':')[1])).toEqual(['90']);
    expect(skipped.sort()).toEqual(['error', 'invalid_id', 'invalid_id', 'not_found']);
    // Conversation 7 could not be read: the bot is not in sync until a later pass reads it.
    expect(result).toMatchObject({ conversations: 3, messages: 1, complete: false });
  });

  it('stops after the page cap and says the conversation is not finished', async () => {
    let next = 1000;
    const rest: CatchUpRest = {
      listConversations: listing([{ id: 5 }]),
      listMessages: async () => ({ meta: {}, messages: [] }),
      iterateMessagesAfter: async function* () {
        for (;;) yield Array.from({ length: 100 }, () => message((next += 1), 5));
      },
    };
    const { deps, replayed, skipped, gate } = await setUp(rest, (d) => {
      d.maxPages = 3;
      d.deliveries.begin(5, 999, NOW / 1000 - 100, NOW - 100_000);
      d.deliveries.finish(5, 999, true);
      d.deliveries.setInSync(NOW);
    });
    await deps.deliveries.flush();
    expect(deps.deliveries.cursor(5)).toBe(999);
    const result = await fullPass(deps, gate);
    expect(replayed).toHaveLength(300);
    expect(skipped).toEqual(['page_cap']);
    expect(result.complete).toBe(false);
  });

  it('a sweep reads back only a conversation whose latest activity was never delivered', async () => {
    const reads: number[] = [];
    const rest: CatchUpRest = {
      listConversations: listing([
        { id: 1, last_activity_at: NOW / 1000 - 60, messages: [message(10, 1, NOW / 1000 - 60)] },
        { id: 2, last_activity_at: NOW / 1000 - 60, messages: [message(20, 2, NOW / 1000 - 60)] },
        { id: 3, last_activity_at: NOW / 1000 - 1, messages: [message(30, 3, NOW / 1000 - 1)] },
      ]),
      async listMessages(conversationId) {
        reads.push(conversationId);
        return { meta: {}, messages: [message(conversationId * 10, conversationId, NOW / 1000 - 60)] };
      },
      iterateMessagesAfter: async function* () {},
    };
    const { deps, replayed } = await setUp(rest, (d) => {
      d.deliveries.begin(1, 10, NOW / 1000 - 60, NOW - 60_000);
      d.deliveries.finish(1, 10, true);
    });
    await sweepPass(deps, 10_000);
    // 1 was delivered; 3 is younger than the lag (its live copy may still be on its way); 2 was missed.
    expect(reads).toEqual([2]);
    expect(replayed.map((e) => e.conversationId)).toEqual([2]);
  });
});
