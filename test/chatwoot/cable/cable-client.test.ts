import { afterEach, describe, expect, it } from 'vitest';
import { roomIdentifier } from '../../../src/chatwoot/cable-commands.ts';
import { createCableClient, NOT_CONFIRMED_MESSAGE, type CableClientOptions, type CableEvent } from '../../../src/chatwoot/cable/cable-client.ts';
import { createCredentialProvider, type CableCredentials } from '../../../src/chatwoot/cable/credentials.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { manualTimers } from '../../helpers/manual-timers.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { simulator?: Parameters<typeof createChatwootSimulator>[0]; client?: Partial<CableClientOptions>; credentials?: CableCredentials } = {}) {
  const simulator = await createChatwootSimulator({ pingIntervalMs: 50, ...options.simulator });
  cleanups.push(() => simulator.close());
  const { log, lines } = captureLog();
  const metrics = createMetrics();
  const events: CableEvent[] = [];
  const refreshes: boolean[] = [];
  const rest = createChatwootRest({ baseUrl: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId });
  const provider = createCredentialProvider({ fixed: options.credentials, getProfile: () => rest.getProfile(), accountId: simulator.accountId });
  const client = createCableClient({
    chatwootUrl: simulator.url,
    accountId: simulator.accountId,
    getCredentials: (o) => {
      refreshes.push(o.refresh);
      return provider(o);
    },
    onEvent: (event) => events.push(event),
    log,
    metrics,
    presenceIntervalMs: 50,
    confirmTimeoutMs: 300,
    staleAfterMs: 400,
    backoff: { baseMs: 20, capMs: 100 },
    ...options.client,
  });
  cleanups.push(() => client.stop());
  client.start();
  return { simulator, client, events, lines, metrics, refreshes };
}

const messages = (lines: Array<Record<string, unknown>>) => lines.map((l) => String(l['msg']));

describe('cable client against the simulator', () => {
  it('subscribes like the dashboard and delivers events', async () => {
    const { simulator, client, events } = await setup();
    await waitFor(() => client.status() === 'subscribed', { what: 'subscription' });
    const [handshake] = simulator.cable.handshakes;
    expect(handshake?.offered).toEqual(['actioncable-v1-json', 'actioncable-unsupported']);
    expect(handshake?.protocol).toBe('actioncable-v1-json');
    expect(handshake?.origin).toBe(simulator.url);
    const subscribe = simulator.cable.commands.find((c) => c.command === 'subscribe');
    expect(JSON.parse(subscribe?.identifier ?? '{}')).toEqual({
      channel: 'RoomChannel',
      pubsub_token: simulator.agent.pubsubToken,
      account_id: simulator.accountId,
      user_id: simulator.agent.id,
    });

    const conversation = simulator.createConversation({ contactName: 'Ada', content: 'hello there' });
    await waitFor(() => events.some((e) => e.event === 'message.created'), { what: 'message.created' });
    const conversationEvents = events.filter((e) => e.event.startsWith('conversation.') || e.event.startsWith('message.'));
    expect(conversationEvents.map((e) => e.event)).toEqual(['conversation.created', 'message.created']);
    expect(conversationEvents[1]?.data).toMatchObject({ content: 'hello there', conversation_id: conversation.id, account_id: simulator.accountId });
  });

  it('keeps the agent online with update_presence while subscribed', async () => {
    const { simulator, client } = await setup();
    await waitFor(() => simulator.presence.updates() >= 3, { what: 'three presence updates' });
    expect(simulator.presence.isOnline(simulator.agent.id)).toBe(true);
    const presence = simulator.cable.commands.filter((c) => c.command === 'message');
    expect(JSON.parse(presence[0]?.data ?? '{}')).toEqual({ action: 'update_presence' });
    await client.stop();
    const after = simulator.cable.commands.length;
    // The simulator records the close when its side of the socket sees it, maybe after stop() resolved.
    await waitFor(() => simulator.cable.closes.length >= 1, { what: 'the close recorded by the simulator' });
    expect(simulator.cable.closes.at(-1)?.code).toBe(1000);
    expect(simulator.cable.commands.length).toBe(after);
  });

  it('logs the clear line on a silent non-confirmation and retries on fresh sockets without presence', async () => {
    const { simulator, lines, client } = await setup({ credentials: { pubsubToken: 'wrong-token', userId: 1 } });
    await waitFor(() => messages(lines).includes(NOT_CONFIRMED_MESSAGE), { what: 'not-confirmed line' });
    await waitFor(() => simulator.cable.connectionsTotal() >= 2, { what: 'a second connection' });
    expect(client.status()).not.toBe('subscribed');
    expect(simulator.cable.commands.filter((c) => c.command === 'message')).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('wrong-token');
  });

  it('reconnects when pings stop (stale socket) and resubscribes', async () => {
    // Presence answers are frames too; space them out so only pings keep the socket fresh.
    const { simulator, client, lines } = await setup({ client: { presenceIntervalMs: 60_000 } });
    await waitFor(() => client.status() === 'subscribed');
    simulator.faults.stopPinging();
    await waitFor(() => messages(lines).some((m) => m.includes('no frame from Chatwoot')), { what: 'stale detection' });
    simulator.faults.resumePinging();
    await waitFor(() => simulator.cable.connectionsTotal() >= 2 && client.status() === 'subscribed', { what: 'resubscribed' });
  });

  it('reconnects after a dropped connection and after a server restart frame', async () => {
    const { simulator, client } = await setup();
    await waitFor(() => client.status() === 'subscribed');
    simulator.faults.dropConnections();
    await waitFor(() => simulator.cable.connectionsTotal() >= 2 && client.status() === 'subscribed', { what: 'after drop' });
    simulator.faults.restart();
    await waitFor(() => simulator.cable.connectionsTotal() >= 3 && client.status() === 'subscribed', { what: 'after restart' });
  });

  it('re-reads the profile after an unauthorized disconnect', async () => {
    const { simulator, client, refreshes } = await setup();
    await waitFor(() => client.status() === 'subscribed');
    simulator.faults.restart({ reason: 'unauthorized', reconnect: false });
    await waitFor(() => refreshes.includes(true) && simulator.cable.connectionsTotal() >= 2 && client.status() === 'subscribed', { what: 'refresh + resubscribe' });
  });

  it('follows a rotated pubsub token', async () => {
    const { simulator, client, events } = await setup({ client: { profileRefreshMs: 100 } });
    await waitFor(() => client.status() === 'subscribed');
    const fresh = simulator.rotatePubsubToken();
    await waitFor(() => simulator.cable.commands.some((c) => c.command === 'subscribe' && c.identifier.includes(fresh)), { what: 'resubscribe with new token' });
    await waitFor(() => client.status() === 'subscribed');
    simulator.createConversation({ content: 'after rotation' });
    await waitFor(() => events.some((e) => e.data['content'] === 'after rotation'), { what: 'event after rotation' });
  });

  it('retries after an explicit reject_subscription', async () => {
    const { simulator, client, lines } = await setup();
    await waitFor(() => client.status() === 'subscribed');
    const identifier = roomIdentifier({ pubsubToken: simulator.agent.pubsubToken, accountId: simulator.accountId, userId: simulator.agent.id });
    simulator.sendFrame({ identifier, type: 'reject_subscription' });
    await waitFor(() => messages(lines).some((m) => m.includes('rejected')), { what: 'reject logged' });
    await waitFor(() => simulator.cable.connectionsTotal() >= 2 && client.status() === 'subscribed');
  });

  it('drops events of another account and survives malformed frames', async () => {
    const { simulator, client, events, metrics } = await setup();
    await waitFor(() => client.status() === 'subscribed');
    simulator.emitToAccount('message.created', { id: 1, content: 'not ours' }, 99);
    simulator.sendFrame('{not json');
    simulator.sendFrame([1, 2, 3]);
    simulator.sendFrame({ identifier: 'x', message: 'no event' });
    simulator.emit('message.created', { id: 2, content: 'ours', conversation_id: 5 });
    await waitFor(() => events.some((e) => e.data['content'] === 'ours'));
    expect(events.some((e) => e.data['content'] === 'not ours')).toBe(false);
    const dropped = await metrics.droppedEvents.get();
    expect(dropped.values.find((v) => v.labels['reason'] === 'other_account')?.value).toBe(1);
    const malformed = await metrics.malformedInput.get();
    expect(malformed.values[0]?.value).toBeGreaterThanOrEqual(2);
    expect(client.status()).toBe('subscribed');
  });

  it('logs malformed frames by time with counts per reason, however many arrive (oversize and data: null too)', async () => {
    const timers = manualTimers();
    const { simulator, client, metrics, lines } = await setup({ client: { reporterTimers: timers } });
    await waitFor(() => client.status() === 'subscribed');
    const identifier = roomIdentifier({ pubsubToken: simulator.agent.pubsubToken, accountId: simulator.accountId, userId: simulator.agent.id });
    const warnings = () => lines.filter((l) => l['level'] === 40 && String(l['msg']).startsWith('malformed cable frames'));
    const malformedCount = async () => (await metrics.malformedInput.get()).values[0]?.value ?? 0;
    // The old count-based logging fell silent after five: send more than that first.
    for (let i = 0; i < 6; i += 1) simulator.sendFrame('{not json');
    await waitFor(async () => (await malformedCount()) === 6, { what: 'six malformed frames counted' });
    simulator.sendFrame(JSON.stringify({ identifier, message: { event: 'message.created', data: 'x'.repeat(10 * 1024 * 1024) } }));
    simulator.sendFrame({ identifier, message: { event: 'message.created', data: null } });
    await waitFor(async () => (await malformedCount()) === 8, { what: 'the oversize and data: null frames counted' });
    expect(warnings().map((l) => l['msg'])).toEqual(['malformed cable frames ignored: 1 × not JSON']);
    timers.fire();
    expect(warnings()[1]).toMatchObject({
      reasons: { 'not JSON': 5, 'frame larger than 4 MB': 1, 'message frame without object data': 1 },
      total: 7,
    });
    expect(client.status()).toBe('subscribed');
  });

  it('keeps retrying while Chatwoot refuses connections', async () => {
    const { simulator, client, lines } = await setup({ client: { confirmTimeoutMs: 200 } });
    await waitFor(() => client.status() === 'subscribed');
    simulator.faults.refuseConnections(true);
    simulator.faults.dropConnections();
    await waitFor(() => messages(lines).filter((m) => m.startsWith('cable reconnect in')).length >= 3, { what: 'several retries' });
    simulator.faults.refuseConnections(false);
    await waitFor(() => client.status() === 'subscribed', { what: 'back after refusal' });
  });
});
