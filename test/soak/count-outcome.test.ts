import { describe, expect, it } from 'vitest';
import { countOutcome } from './count-outcome.ts';
import type { DeliveryRecord } from './recorder-plugin.ts';

const rec = (phase: DeliveryRecord['phase'], id: number, pid: number, at: number, extra: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  phase,
  id,
  conversationId: 1,
  replayed: false,
  source: 'cable',
  pid,
  at,
  ...extra,
});
const both = (id: number, pid: number, at: number, extra: Partial<DeliveryRecord> = {}) => [rec('start', id, pid, at, extra), rec('end', id, pid, at, extra)];
const injected = (...ids: number[]) => ids.map((id) => ({ id, conversationId: 1 }));

describe('countOutcome', () => {
  it('counts a clean run as all delivered, nothing else', () => {
    const o = countOutcome({ injected: injected(1, 2, 3), records: [...both(1, 10, 0), ...both(2, 10, 1), ...both(3, 10, 2)], lifetimes: [{ pid: 10 }] });
    expect(o).toMatchObject({ injected: 3, delivered: 3, lost: 0, duplicated: 0, redeliveredAfterKill: 0, outOfOrder: 0 });
    expect(o.acksMissing).toBeUndefined();
  });

  it('counts a started but never finished handler as lost, and a second delivery in one process as duplicated', () => {
    const o = countOutcome({ injected: injected(1, 2), records: [...both(1, 10, 0), rec('start', 2, 10, 1), ...both(1, 10, 2)], lifetimes: [{ pid: 10 }] });
    expect(o).toMatchObject({ delivered: 1, lost: 1, duplicated: 1 });
  });

  it('tells a replayed re-delivery after a kill from a duplicate, and measures finished ones against the kill', () => {
    const records = [
      ...both(1, 10, 1_000), // finished 500 ms before the kill
      rec('start', 2, 10, 1_400), // unfinished at the kill
      ...both(3, 10, 1_450), // finished, re-delivered without replayed: a duplicate
      ...both(1, 20, 2_000, { replayed: true, source: 'catchup' }),
      ...both(2, 20, 2_001, { replayed: true, source: 'catchup' }),
      ...both(3, 20, 2_002),
    ];
    const o = countOutcome({ injected: injected(1, 2, 3), records, lifetimes: [{ pid: 10, killedAt: 1_500 }, { pid: 20 }] });
    expect(o).toMatchObject({ delivered: 3, lost: 0, duplicated: 1, redeliveredAfterKill: 2, redeliveredFinished: 1, maxEndToKillMs: 500 });
  });

  it('counts out of order per process and conversation, first deliveries only', () => {
    const records = [
      ...both(5, 10, 0),
      ...both(7, 10, 1, { conversationId: 2 }),
      ...both(4, 10, 2), // after 5 in conversation 1: out of order
      ...both(6, 10, 3, { conversationId: 2 }), // after 7 in conversation 2: out of order
      ...both(8, 10, 4),
      ...both(9, 20, 5),
      ...both(3, 20, 6, { replayed: true }), // first delivery, replayed after a newer live one: out of order
    ];
    const o = countOutcome({ injected: [...injected(3, 4, 5, 8, 9), { id: 6, conversationId: 2 }, { id: 7, conversationId: 2 }], records, lifetimes: [{ pid: 10 }, { pid: 20 }] });
    expect(o.outOfOrder).toBe(3);
    expect(o.duplicated).toBe(0);
  });

  it('counts acks missing among delivered messages and every extra ack as doubled', () => {
    const o = countOutcome({
      injected: injected(1, 2, 3, 4),
      records: [...both(1, 10, 0), ...both(2, 10, 1), ...both(3, 10, 2)],
      lifetimes: [{ pid: 10 }],
      acks: new Map([
        [1, 1],
        [2, 3],
      ]),
    });
    expect(o).toMatchObject({ lost: 1, acksMissing: 1, acksDoubled: 2 });
  });
});
