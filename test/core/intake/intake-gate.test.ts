import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../src/chatwoot/events.ts';
import { createIntakeGate } from '../../../src/core/intake/intake-gate.ts';
import { makeEvent, seqOf } from '../bus/bus-helpers.ts';

function gateWith(options: { maxHeld?: number } = {}) {
  const forwarded: AnyEvent[] = [];
  const pressure: boolean[] = [];
  const overflows: number[] = [];
  const gate = createIntakeGate({ forward: (e) => forwarded.push(e), onPressure: (full) => pressure.push(full), onOverflow: (n) => overflows.push(n), ...options });
  const seqs = () => forwarded.map((e) => `${e.conversationId}:${seqOf(e)}`);
  return { gate, forwarded, pressure, overflows, seqs };
}

describe('intake gate', () => {
  it('open: holds nothing', () => {
    const { gate } = gateWith();
    expect(gate.hold(makeEvent('message.created', 1, 1))).toBe(false);
  });

  it('closed: holds every conversation event, never account events; reconcile releases the unlisted in arrival order', () => {
    const { gate, seqs } = gateWith();
    gate.close();
    expect(gate.hold(makeEvent('presence.update', null, 0))).toBe(false);
    for (const [conversation, seq] of [[1, 1], [2, 2], [1, 3], [3, 4]] as const) expect(gate.hold(makeEvent('m', conversation, seq))).toBe(true);
    expect(gate.waiting()).toBe('all');
    gate.reconcile([1]);
    expect(seqs()).toEqual(['2:2', '3:4']);
    expect(gate.hold(makeEvent('m', 2, 5))).toBe(false); // not listed: flows
    expect(gate.hold(makeEvent('m', 1, 6))).toBe(true); // listed: waits for its replay
    gate.release(1);
    expect(seqs()).toEqual(['2:2', '3:4', '1:1', '1:3', '1:6']);
    expect(gate.hold(makeEvent('m', 1, 7))).toBe(false);
    expect(gate.held()).toBe(0);
  });

  it('asks the reader to pause when full and to resume at half; opens rather than hold without bound', () => {
    const { gate, pressure, overflows, forwarded } = gateWith({ maxHeld: 4 });
    gate.close();
    for (let seq = 1; seq <= 4; seq += 1) gate.hold(makeEvent('m', 1, seq));
    expect(pressure).toEqual([true]);
    gate.reconcile([]);
    expect(pressure).toEqual([true, false]);
    expect(forwarded).toHaveLength(4);

    gate.close();
    for (let seq = 1; seq <= 16; seq += 1) gate.hold(makeEvent('m', 2, seq));
    expect(overflows).toEqual([16]);
    expect(gate.held()).toBe(0);
    expect(forwarded).toHaveLength(20);
    expect(gate.hold(makeEvent('m', 2, 17))).toBe(false);
  });
});
