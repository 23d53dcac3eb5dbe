import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../src/chatwoot/events.ts';
import { createRuntime } from '../../src/app/create-runtime.ts';
import { definePlugin, isEvent } from '../../src/index.ts';
import { createChatwootSimulator, type SimulatorOptions } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { freePort } from '../helpers/free-port.ts';
import { waitFor } from '../helpers/wait-for.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recorder() {
  const events: AnyEvent[] = [];
  const plugin = definePlugin({
    name: 'recorder',
    setup(ctx) {
      ctx.on('*', (event) => {
        events.push(event);
      });
    },
  });
  return { events, plugin };
}

async function start(options: { webhookSecret?: string; plugins?: ReturnType<typeof recorder>['plugin'][]; simulatorOptions?: SimulatorOptions } = {}) {
  const port = await freePort();
  const simulator = await createChatwootSimulator({
    pingIntervalMs: 100,
    ...options.simulatorOptions,
    ...(options.webhookSecret ? { webhook: { url: `http://127.0.0.1:${port}/webhooks/chatwoot`, secret: options.webhookSecret } } : {}),
  });
  cleanups.push(() => simulator.close());
  const { log, lines } = captureLog();
  const { events, plugin } = recorder();
  const runtime = createRuntime({
    chatwoot: { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId },
    env: { presenceIntervalSeconds: 1, port, storeUrl: 'memory://', ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}) },
    plugins: [plugin, ...(options.plugins ?? [])],
    log,
    host: '127.0.0.1',
  });
  cleanups.push(() => runtime.stop());
  await runtime.start();
  await waitFor(() => runtime.cableStatus() === 'subscribed', { what: 'subscribed' });
  return { simulator, runtime, events, lines, port };
}

describe('runtime', () => {
  it('delivers cable events to plugins as typed, normalized events', async () => {
    const { simulator, events, port } = await start();
    const conversation = simulator.createConversation({ contactName: 'Ada', content: 'my invoice is wrong' });
    await waitFor(() => events.find((e) => e.name === 'message.created'), { what: 'message.created' });
    const created = events.find((e) => isEvent(e, 'message.created'));
    if (!created || !isEvent(created, 'message.created')) throw new Error('unreachable');
    expect(created).toMatchObject({ source: 'cable', replayed: false, origin: 'chatwoot', accountId: simulator.accountId, conversationId: conversation.id });
    expect(created.message).toMatchObject({ content: 'my invoice is wrong', message_type: 'incoming', private: false });
    expect(created.message.sender?.type).toBe('contact');
    expect(typeof created.message.created_at).toBe('number');
    // Chatwoot sends only the inbox id; the runtime adds its name from the inbox list.
    const opened = events.find((e) => isEvent(e, 'conversation.created'));
    if (!opened || !isEvent(opened, 'conversation.created')) throw new Error('no conversation.created');
    expect(opened.conversation.inbox_name).toBe('Sandbox API');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('switchboard_events_total{source="cable",name="message.created"} 1');
    expect(metrics).toMatch(/switchboard_cable_frames_total\{type="message"\} \d+/);
  });

  it('serves /healthz, /readyz and /metrics on the one HTTP server', async () => {
    const { port } = await start();
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, cable: 'subscribed' });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('switchboard_cable_subscribed 1');
    expect(metrics).toContain('switchboard_presence_updates_total');
  });

  it('takes signed webhooks from the simulator, and delivers a message once whichever transport brings it', async () => {
    const { simulator, events, runtime } = await start({ webhookSecret: 'whsec-test' });
    const conversation = simulator.createConversation({ contactName: 'Grace', content: 'hello by webhook' });
    await waitFor(() => simulator.webhooks.deliveries.filter((d) => d.event === 'message_created').length === 1, { what: 'webhook delivered' });
    await waitFor(() => events.some((e) => e.name === 'message.created'), { what: 'event' });
    expect(simulator.webhooks.deliveries.every((d) => d.status === 200)).toBe(true);
    const accepted = (await runtime.metrics.webhookRequests.get()).values.find((v) => v.labels['outcome'] === 'accepted')?.value ?? 0;
    expect(accepted).toBeGreaterThanOrEqual(2);
    await waitFor(async () => ((await runtime.metrics.droppedEvents.get()).values.find((v) => v.labels['reason'] === 'duplicate')?.value ?? 0) >= 1, {
      what: 'the second copy dropped as a duplicate',
    });
    const messages = events.filter((e) => e.name === 'message.created');
    expect(messages).toHaveLength(1);
    expect(messages[0]?.conversationId).toBe(conversation.id);
  });

  it('isolates a throwing plugin: other plugins still get every event', async () => {
    const broken = definePlugin({
      name: 'broken',
      setup(ctx) {
        ctx.on('message.created', () => {
          throw new Error('boom');
        });
        ctx.on('conversation.created', async () => {
          throw new Error('async boom');
        });
      },
    });
    const { simulator, events, lines } = await start({ plugins: [broken] });
    simulator.createConversation({ content: 'one' });
    await waitFor(() => events.filter((e) => e.name === 'message.created').length === 1);
    await waitFor(() => lines.filter((l) => l['plugin'] === 'broken' && l['level'] === 50).length === 2, { what: 'two errors logged' });
    expect(lines.find((l) => String(l['msg']).includes('async boom'))).toMatchObject({ event: 'conversation.created' });
  });

  it('stops cleanly: cable closed with 1000 and no more presence', async () => {
    // Presence lives 1.5 s at the simulator and the bot renews it every second: going offline after
    // stop() shows that no update_presence came for longer than an interval.
    const { simulator, runtime } = await start({ simulatorOptions: { presenceTtlMs: 1_500 } });
    await waitFor(() => simulator.presence.updates() >= 1, { what: 'a first presence update' });
    const connectionsBefore = simulator.cable.connectionsTotal();
    await runtime.stop();
    const updatesAtStop = simulator.presence.updates();
    // The simulator records the close when its side of the socket sees it, which may be after stop() resolved.
    await waitFor(() => simulator.cable.closes.length >= 1, { what: 'the close recorded by the simulator' });
    expect(simulator.cable.closes.at(-1)?.code).toBe(1000);
    await waitFor(() => simulator.cable.connections() === 0, { what: 'no connection left' });
    await waitFor(() => !simulator.presence.isOnline(), { what: 'the bot shown offline once its presence lapsed' });
    expect(simulator.presence.updates()).toBe(updatesAtStop);
    expect(simulator.cable.connectionsTotal()).toBe(connectionsBefore);
  });
});
