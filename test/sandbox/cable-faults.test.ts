import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { connectCable, connectSubscribed } from './cable-test-client.ts';
import { cleanups } from './simulator-harness.ts';

async function subscribed(pingIntervalMs = 3000) {
  const sim = await createChatwootSimulator({ pingIntervalMs });
  cleanups.push(() => sim.close());
  const { client, identifier } = await connectSubscribed(sim);
  cleanups.push(() => client.ws.terminate());
  return { sim, client, identifier };
}
const names = (events: Array<{ event: string }>) => events.map((e) => e.event);

/** Absence can only be observed over a window; this is that window, not synchronisation. */
const observe = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator faults: connections', () => {
  it('dropConnections terminates sockets without a close frame', async () => {
    const { sim, client } = await subscribed();
    sim.faults.dropConnections();
    const { code } = await client.closed;
    expect(code).toBe(1006);
    await waitFor(() => sim.cable.connections() === 0);
    expect(sim.cable.closes).toEqual([]);
  });

  it('restart sends the disconnect frame then closes; options are passed through', async () => {
    const { sim, client } = await subscribed();
    sim.faults.restart();
    const closed = await client.closed;
    expect(client.frames.at(-1)).toEqual({ type: 'disconnect', reason: 'server_restart', reconnect: true });
    expect(closed.code).toBe(1000);

    const again = await connectCable(sim.cableUrl);
    cleanups.push(() => again.ws.terminate());
    sim.faults.restart({ reason: 'unauthorized', reconnect: false });
    await again.closed;
    expect(again.frames.at(-1)).toEqual({ type: 'disconnect', reason: 'unauthorized', reconnect: false });
  });

  it('refuseConnections answers upgrades with 503 until turned off', async () => {
    const { sim } = await subscribed();
    sim.faults.refuseConnections(true);
    const ws = new WebSocket(sim.cableUrl, ['actioncable-v1-json']);
    cleanups.push(() => ws.terminate());
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(503);
    expect(sim.cable.connectionsTotal()).toBe(1);
    expect(sim.cable.connections()).toBe(1); // existing sockets are left alone
    sim.faults.refuseConnections(false);
    const back = await connectCable(sim.cableUrl);
    cleanups.push(() => back.ws.terminate());
    expect(sim.cable.connectionsTotal()).toBe(2);
  });

  it('stopPinging silences pings until resumePinging', async () => {
    const { sim, client } = await subscribed(20);
    await client.next((f) => f.type === 'ping', 'first ping');
    sim.faults.stopPinging();
    const count = client.frames.filter((f) => f.type === 'ping').length;
    await observe(120);
    expect(client.frames.filter((f) => f.type === 'ping').length).toBeLessThanOrEqual(count + 1); // one may be in flight
    const paused = client.frames.length;
    sim.faults.resumePinging();
    await client.next((f) => f.type === 'ping', 'ping after resume', paused);
  });
});

describe('simulator faults: broadcasts', () => {
  it('delayBroadcasts holds each broadcast for the given time, keeping order', async () => {
    const { sim, client } = await subscribed();
    sim.faults.delayBroadcasts(100);
    const started = Date.now();
    sim.emit('one', {});
    sim.emit('two', {});
    expect(client.events()).toEqual([]);
    await client.next((f) => f.message?.event === 'two');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(names(client.events())).toEqual(['one', 'two']);
    sim.faults.delayBroadcasts(0);
    sim.emit('three', {});
    await client.next((f) => f.message?.event === 'three');
  });

  it('duplicateBroadcasts sends each broadcast n times', async () => {
    const { sim, client } = await subscribed();
    sim.faults.duplicateBroadcasts(3);
    sim.emit('dup', { id: 1 });
    await waitFor(() => client.events().length === 3);
    sim.faults.duplicateBroadcasts(1);
    sim.emit('marker', {});
    await client.next((f) => f.message?.event === 'marker');
    expect(names(client.events())).toEqual(['dup', 'dup', 'dup', 'marker']);
  });

  it('reorderBroadcasts swaps pairs and flushes a lone held broadcast when turned off', async () => {
    const { sim, client } = await subscribed();
    sim.faults.reorderBroadcasts(true);
    sim.emit('a', {});
    sim.emit('b', {});
    sim.emit('c', {});
    sim.emit('d', {});
    sim.emit('e', {});
    await waitFor(() => client.events().length === 4);
    sim.faults.reorderBroadcasts(false);
    await client.next((f) => f.message?.event === 'e');
    expect(names(client.events())).toEqual(['b', 'a', 'd', 'c', 'e']);
  });

  it('reset clears every fault', async () => {
    const { sim, client } = await subscribed();
    sim.faults.duplicateBroadcasts(2);
    sim.faults.delayBroadcasts(5_000);
    sim.faults.reorderBroadcasts(true);
    sim.faults.refuseConnections(true);
    sim.faults.stopPinging();
    sim.faults.failRest({ status: 500 });
    sim.faults.reset();
    sim.emit('x', {});
    sim.emit('y', {});
    await client.next((f) => f.message?.event === 'y');
    expect(names(client.events())).toEqual(['x', 'y']);
    const other = await connectCable(sim.cableUrl);
    cleanups.push(() => other.ws.terminate());
    expect((await fetch(`${sim.url}/api`)).status).toBe(200);
  });
});

describe('simulator close', () => {
  it('is idempotent and ends sockets', async () => {
    const sim: ChatwootSimulator = await createChatwootSimulator();
    const client = await connectCable(sim.cableUrl);
    await Promise.all([sim.close(), sim.close()]);
    await client.closed;
    await sim.close();
    await expect(fetch(`${sim.url}/api`)).rejects.toThrow();
  });
});
