import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.ts';
import { connectCable, connectSubscribed, identifierFor, type TestCableClient } from './cable-test-client.ts';
import { cleanups, startSimulator as start } from './simulator-harness.ts';

function track(client: TestCableClient): TestCableClient {
  cleanups.push(() => client.ws.terminate());
  return client;
}

describe('simulator cable: handshake and pings', () => {
  it('picks actioncable-v1-json, records offer and origin, welcomes, then pings every interval', async () => {
    const sim = await start({ pingIntervalMs: 50 });
    const client = track(await connectCable(sim.cableUrl, { origin: 'http://dash.example.test' }));
    expect(client.ws.protocol).toBe('actioncable-v1-json');
    expect(client.frames[0]).toEqual({ type: 'welcome' });
    expect(sim.cable.handshakes).toEqual([
      { protocol: 'actioncable-v1-json', offered: ['actioncable-v1-json', 'actioncable-unsupported'], origin: 'http://dash.example.test' },
    ]);
    expect(sim.cable.connections()).toBe(1);
    expect(sim.cable.connectionsTotal()).toBe(1);

    const stamps: number[] = [];
    client.ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type?: string };
      if (frame.type === 'ping') stamps.push(Date.now());
    });
    await waitFor(() => stamps.length >= 5, { what: 'five pings' });
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(25);
    expect(mean).toBeLessThan(150);
    const ping = client.frames.find((f) => f.type === 'ping');
    expect(Number.isInteger(ping?.['message'])).toBe(true);
    expect(Math.abs(Number(ping?.['message']) - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('simulator cable: RoomChannel subscriptions', () => {
  it('confirms the right token/user/account, also as numeric strings', async () => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    const asNumbers = identifierFor(sim);
    const asStrings = identifierFor(sim, { account_id: String(sim.accountId), user_id: String(sim.agent.id) });
    client.subscribe(asNumbers);
    client.subscribe(asStrings);
    await client.next((f) => f.type === 'confirm_subscription' && f.identifier === asStrings, 'string confirm');
    expect(client.frames.filter((f) => f.type === 'confirm_subscription').map((f) => f.identifier)).toEqual([asNumbers, asStrings]);
    expect(sim.cable.confirmedSubscriptions()).toBe(2);
    expect(sim.cable.commands.map((c) => c.command)).toEqual(['subscribe', 'subscribe']);
  });

  it.each([
    ['token', { pubsub_token: 'wrong' }],
    ['user', { user_id: 99 }],
    ['account', { account_id: 2 }],
    ['missing user_id (contact lookup)', { user_id: undefined }],
  ])('answers nothing for a bad %s and keeps the socket open', async (_name, overrides) => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    const bad = identifierFor(sim, overrides);
    client.subscribe(bad);
    // Frames are handled in order: once the good one is confirmed, the bad one was processed.
    const good = identifierFor(sim, { extra: 'probe' });
    client.subscribe(good);
    await client.next((f) => f.identifier === good && f.type === 'confirm_subscription', 'probe confirm');
    expect(client.frames.filter((f) => f.identifier === bad)).toEqual([]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(sim.cable.confirmedSubscriptions()).toBe(1);
  });

  it('rejects an unknown channel', async () => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    const identifier = JSON.stringify({ channel: 'CopilotChannel', pubsub_token: sim.agent.pubsubToken });
    client.subscribe(identifier);
    const frame = await client.next((f) => f.type === 'reject_subscription', 'reject');
    expect(frame).toEqual({ identifier, type: 'reject_subscription' });
  });

  it('ignores a repeated identifier on the same connection, even after a failed lookup', async () => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    const good = identifierFor(sim);
    client.subscribe(good);
    client.subscribe(good);
    const bad = identifierFor(sim, { pubsub_token: 'wrong' });
    client.subscribe(bad);
    client.subscribe(bad);
    const probe = identifierFor(sim, { probe: 1 });
    client.subscribe(probe);
    await client.next((f) => f.identifier === probe && f.type === 'confirm_subscription', 'probe confirm');
    expect(client.frames.filter((f) => f.type === 'confirm_subscription' && f.identifier === good)).toHaveLength(1);
    expect(client.frames.filter((f) => f.identifier === bad)).toEqual([]);
    // A new socket may retry the same identifier.
    const second = track(await connectCable(sim.cableUrl));
    second.subscribe(good);
    await second.next((f) => f.type === 'confirm_subscription', 'confirm on a fresh socket');
  });

  it('broadcasts to every live subscription under its own identifier; unsubscribe stops it', async () => {
    const sim = await start();
    const { client, identifier } = await connectSubscribed(sim);
    const other = identifierFor(sim, { probe: 1 });
    client.subscribe(other);
    await client.next((f) => f.identifier === other && f.type === 'confirm_subscription');
    sim.emit('custom.event', { hello: 'world', account_id: 42 });
    await client.next((f) => f.identifier === other && f.message?.event === 'custom.event');
    expect(client.events(identifier)).toEqual([{ event: 'custom.event', data: { hello: 'world', account_id: sim.accountId } }]);

    client.send({ command: 'unsubscribe', identifier });
    await waitFor(() => sim.cable.commands.some((c) => c.command === 'unsubscribe'), { what: 'unsubscribe handled' });
    expect(sim.cable.confirmedSubscriptions()).toBe(1);
    sim.emitToAccount('second', { n: 2 }, 77);
    await client.next((f) => f.identifier === other && f.message?.event === 'second');
    expect(client.events(identifier).map((e) => e.event)).toEqual(['custom.event']);
    expect(client.events(other).at(-1)).toEqual({ event: 'second', data: { n: 2, account_id: 77 } });
  });

  it('survives malformed client frames and sends raw frames verbatim', async () => {
    const sim = await start();
    const { client, identifier } = await connectSubscribed(sim);
    client.send('{not json');
    client.send('[1,2]');
    client.send({ command: 'subscribe', identifier: '{broken' });
    client.send({ command: 'message', identifier: 'unknown', data: '{"action":"update_presence"}' });
    client.send({ command: 'message', identifier, data: 'not json' });
    client.send({ command: 'bogus', identifier });
    sim.sendFrame('{"raw":true}');
    await client.next((f) => f['raw'] === true, 'raw frame');
    sim.emit('still.alive', {});
    await client.next((f) => f.message?.event === 'still.alive', 'broadcast after garbage');
    expect(sim.cable.commands.map((c) => c.command)).toEqual(['subscribe', 'subscribe', 'message', 'message', 'bogus']);
  });

  it('records close codes sent by clients, not the ones the server initiates', async () => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    client.close(4001, 'bye');
    await client.closed;
    await waitFor(() => sim.cable.closes.length === 1, { what: 'close recorded' });
    expect(sim.cable.closes).toEqual([{ code: 4001, reason: 'bye' }]);
    expect(sim.cable.connections()).toBe(0);
    const other = track(await connectCable(sim.cableUrl));
    sim.faults.restart();
    await other.closed;
    await waitFor(() => sim.cable.connections() === 0);
    expect(sim.cable.closes).toHaveLength(1);
  });
});

describe('simulator cable: presence', () => {
  it('answers update_presence with presence.update and keeps the agent online for presenceTtlMs', async () => {
    let now = 1_700_000_000_000;
    const sim = await start({ presenceTtlMs: 1_000, now: () => now });
    expect(sim.presence.isOnline()).toBe(false);
    const { client, identifier } = await connectSubscribed(sim);
    // Chatwoot's `subscribed` already calls update_subscription + broadcast_presence.
    await client.next((f) => f.message?.event === 'presence.update', 'presence on subscribe');
    expect(sim.presence.updates()).toBe(1);
    expect(sim.presence.isOnline(sim.agent.id)).toBe(true);

    now += 999;
    expect(sim.presence.isOnline()).toBe(true);
    now += 1;
    expect(sim.presence.isOnline()).toBe(false);

    const before = client.frames.length;
    client.send({ command: 'message', identifier, data: JSON.stringify({ action: 'update_presence' }) });
    const frame = await client.next((f) => f.message?.event === 'presence.update', 'presence answer', before);
    expect(frame).toEqual({
      identifier,
      message: { event: 'presence.update', data: { account_id: sim.accountId, users: { [String(sim.agent.id)]: 'online' }, contacts: {} } },
    });
    expect(sim.presence.updates()).toBe(2);
    expect(sim.presence.lastUpdateAt()).toBe(now);
    expect(sim.presence.isOnline()).toBe(true);
  });

  it('ignores update_presence on a subscription that never confirmed', async () => {
    const sim = await start();
    const client = track(await connectCable(sim.cableUrl));
    const bad = identifierFor(sim, { pubsub_token: 'wrong' });
    client.subscribe(bad);
    client.send({ command: 'message', identifier: bad, data: '{"action":"update_presence"}' });
    const good = identifierFor(sim);
    client.subscribe(good);
    await client.next((f) => f.message?.event === 'presence.update', 'presence of the good one');
    expect(sim.presence.updates()).toBe(1);
    expect(client.frames.filter((f) => f.identifier === bad)).toEqual([]);
  });
});

describe('simulator cable: rotatePubsubToken', () => {
  it('silences the old subscription (events and presence) while a new token works', async () => {
    const sim = await start();
    const { client, identifier: old } = await connectSubscribed(sim);
    const oldToken = sim.agent.pubsubToken;
    const fresh = sim.rotatePubsubToken();
    expect(fresh).not.toBe(oldToken);
    expect(sim.agent.pubsubToken).toBe(fresh);
    expect(sim.cable.confirmedSubscriptions()).toBe(0);

    const updates = sim.presence.updates();
    client.send({ command: 'message', identifier: old, data: '{"action":"update_presence"}' });
    const renewed = identifierFor(sim);
    client.subscribe(renewed);
    await client.next((f) => f.identifier === renewed && f.type === 'confirm_subscription', 'confirm with the new token');
    expect(sim.presence.updates()).toBe(updates + 1); // the new subscribe only

    sim.emit('after.rotation', {});
    await client.next((f) => f.identifier === renewed && f.message?.event === 'after.rotation');
    // The old subscription comes first in iteration order: had it been served, it would be here.
    expect(client.events(old)).toEqual([]);
  });
});
