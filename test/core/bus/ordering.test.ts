import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../src/chatwoot/events.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { deferred, flush, makeEvent, seeded, seqOf, stopAll, testBus, type Deferred } from './bus-helpers.ts';

afterEach(stopAll);

describe('bus ordering and concurrency', () => {
  it('keeps each conversation in publish order while conversations overlap, within the bound', async () => {
    const concurrency = 8;
    const bus = testBus({ concurrency });
    const random = seeded(42);
    const seen = new Map<number, number[]>();
    let running = 0;
    let maxRunning = 0;
    const perLane = new Map<number, number>();
    let laneOverlap = false;
    bus.subscribe('p', 'message.created', async (event) => {
      const conversation = event.conversationId as number;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      perLane.set(conversation, (perLane.get(conversation) ?? 0) + 1);
      if (perLane.get(conversation)! > 1) laneOverlap = true;
      // A random number of event-loop turns: calls finish out of start order.
      const hops = Math.floor(random() * 4);
      for (let i = 0; i < hops; i += 1) await flush();
      const list = seen.get(conversation) ?? [];
      list.push(seqOf(event));
      seen.set(conversation, list);
      perLane.set(conversation, perLane.get(conversation)! - 1);
      running -= 1;
    });

    const conversations = 20;
    const perConversation = 50;
    for (let seq = 0; seq < perConversation; seq += 1) {
      for (let c = 1; c <= conversations; c += 1) bus.publish(makeEvent('message.created', c, seq));
    }
    await bus.idle();

    for (let c = 1; c <= conversations; c += 1) expect(seen.get(c)).toEqual([...Array(perConversation).keys()]);
    expect(laneOverlap).toBe(false);
    expect(maxRunning).toBeGreaterThan(1);
    expect(maxRunning).toBeLessThanOrEqual(concurrency);
    expect(bus.stats()).toMatchObject({ queued: 0, running: 0, delivered: conversations * perConversation, failed: 0 });
  });

  it('runs a sync handler inline when its lane is idle, and queues it behind a running call', async () => {
    const bus = testBus();
    const calls: string[] = [];
    const gate = deferred();
    bus.subscribe('slow', 'x', (event) => (seqOf(event) === 0 ? gate.promise : undefined));
    bus.subscribe('fast', 'x', (event) => {
      calls.push(`fast ${event.conversationId} #${seqOf(event)}`);
    });

    bus.publish(makeEvent('x', 1, 0));
    expect(calls).toEqual(['fast 1 #0']); // ran before publish returned
    expect(bus.stats().running).toBe(1); // slow's call is pending

    bus.publish(makeEvent('x', 1, 1));
    expect(calls).toEqual(['fast 1 #0', 'fast 1 #1']); // other plugin's lane: not held up
    expect(bus.stats().queued).toBe(1); // slow's #1 waits for slow's #0

    gate.resolve();
    await bus.idle();
    expect(bus.stats()).toMatchObject({ delivered: 4, queued: 0, running: 0 });
  });

  it('runs every matching handler of a plugin in subscription order, one at a time', async () => {
    const bus = testBus();
    const log: string[] = [];
    const gate = deferred();
    bus.subscribe('p', '*', async (event) => {
      log.push(`star start ${event.name}`);
      if (event.name === 'a') await gate.promise;
      log.push(`star end ${event.name}`);
    });
    bus.subscribe('p', 'a', (event) => {
      log.push(`named ${event.name}`);
    });
    bus.publish(makeEvent('a', 3, 0));
    bus.publish(makeEvent('b', 3, 1));
    expect(log).toEqual(['star start a']);
    gate.resolve();
    await bus.idle();
    expect(log).toEqual(['star start a', 'star end a', 'named a', 'star start b', 'star end b']);
  });

  it("routes '*' to everything, named handlers to their name, and unknown names to '*' only", async () => {
    const bus = testBus();
    const star: string[] = [];
    const named: string[] = [];
    bus.subscribe('all', '*', (event) => {
      star.push(event.name);
    });
    bus.subscribe('one', 'message.created', (event) => {
      named.push(event.name);
    });
    expect(bus.publish(makeEvent('message.created', 1, 0))).toBe(true);
    expect(bus.publish(makeEvent('conversation.updated', 1, 1))).toBe(true);
    expect(bus.publish(makeEvent('brand.new_event', null, 2))).toBe(true);
    await bus.idle();
    expect(star).toEqual(['message.created', 'conversation.updated', 'brand.new_event']);
    expect(named).toEqual(['message.created']);
  });

  it('accepts events nobody subscribed to', async () => {
    const bus = testBus();
    expect(bus.publish(makeEvent('nobody.listens', 1, 0))).toBe(true);
    await bus.idle();
    expect(bus.stats()).toMatchObject({ delivered: 0, queued: 0 });
  });

  it('serializes events without a conversation on one account lane', async () => {
    const bus = testBus({ concurrency: 4 });
    const gates: Deferred[] = [];
    const started: number[] = [];
    bus.subscribe('p', 'contact.updated', (event) => {
      started.push(seqOf(event));
      const gate = deferred();
      gates.push(gate);
      return gate.promise;
    });
    for (let seq = 0; seq < 3; seq += 1) bus.publish(makeEvent('contact.updated', null, seq));
    expect(started).toEqual([0]);
    gates[0]!.resolve();
    await waitFor(() => started.length === 2, { what: 'second account event' });
    gates[1]!.resolve();
    await waitFor(() => started.length === 3, { what: 'third account event' });
    gates[2]!.resolve();
    await bus.idle();
    expect(started).toEqual([0, 1, 2]);
  });

  it('serves lanes waiting for a slot first come, first served', async () => {
    const bus = testBus({ concurrency: 1 });
    const started: string[] = [];
    const gates = new Map<string, Deferred>();
    bus.subscribe('p', 'x', (event: AnyEvent) => {
      const label = `${event.conversationId === 1 ? 'A' : 'B'}${seqOf(event)}`;
      started.push(label);
      const gate = deferred();
      gates.set(label, gate);
      return gate.promise;
    });
    bus.publish(makeEvent('x', 1, 1)); // A1 runs
    bus.publish(makeEvent('x', 1, 2)); // A2 waits behind A1
    bus.publish(makeEvent('x', 1, 3));
    bus.publish(makeEvent('x', 2, 1)); // B1 waits for a slot
    const release = async (label: string, next: number) => {
      gates.get(label)!.resolve();
      await waitFor(() => started.length === next, { what: `call #${next}` });
    };
    await release('A1', 2);
    await release(started[1]!, 3);
    await release(started[2]!, 4);
    gates.get(started[3]!)!.resolve();
    await bus.idle();
    // A busy conversation goes to the back of the line after each call: B1 is not starved.
    expect(started).toEqual(['A1', 'B1', 'A2', 'A3']);
  });

  it('lets a sync handler publish more events without breaking lane order', async () => {
    const bus = testBus();
    const seen: number[] = [];
    bus.subscribe('p', 'x', (event) => {
      seen.push(seqOf(event));
      if (seqOf(event) < 3) bus.publish(makeEvent('x', 1, seqOf(event) + 10));
    });
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 1, 1));
    await bus.idle();
    // #10 was published while #0 ran on the same lane, so it waits its turn rather than nesting.
    expect(seen).toEqual([0, 10, 1, 11]);
  });
});
