import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/create-logger.ts';
import { createStore, type Store } from '../../../src/core/store/create-store.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import { hasRedisServer, startRedis } from '../../soak/redis-process.ts';
import slack from '../../../plugins/slack/index.ts';
import { startFakeSlack, type FakeSlack } from '../../../plugins/slack/testing/fake-slack.ts';
import { ANN, CHANNEL, waitFor } from '../../../plugins/slack/testing/start-slack-bot.ts';

const SECRET = 'shh-secret';
const portOf = (bot: TestBot) => Number(bot.logs.find((l) => String(l['msg']).startsWith('listening on port'))?.['port']);

function post(port: number, body: string) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
    body,
  });
}

describe.skipIf(!hasRedisServer())('Slack HTTP mode with two instances behind a load balancer', () => {
  let redis: { url: string; stop(): Promise<void> };
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis.stop());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('a reply Slack delivers to the standby, or retries on the other instance, reaches Chatwoot once', async () => {
    const sim: ChatwootSimulator = await createChatwootSimulator({ pingIntervalMs: 1_000, agents: [{ id: 2, name: ANN.name, email: ANN.email, apiToken: 'ann-token' }] });
    cleanups.push(() => sim.close());
    const fake: FakeSlack = await startFakeSlack({ channels: [{ id: CHANNEL, members: ['UBOT', ANN.id] }], users: [ANN] });
    cleanups.push(() => fake.close());
    const instance = async (): Promise<TestBot> => {
      const store: Store = await createStore(`${redis.url}/4`, { log: createLogger({ level: 'silent' }) });
      const bot = await createTestBot({
        plugins: [slack],
        chatwoot: sim,
        store,
        config: { runtime: { leaseTtlMs: 1_500 }, settings: { slack: { apiUrl: fake.apiUrl, rateLimit: { perSecond: 1000, burst: 1000 } } } },
        env: { SLACK_BOT_TOKEN: fake.token, SLACK_CHANNEL_ID: CHANNEL, SLACK_SIGNING_SECRET: SECRET },
      });
      cleanups.push(async () => {
        await bot.stop();
        await store.close();
      });
      return bot;
    };
    const active = await instance();
    const standby = await instance();
    expect([active.runtime.role(), standby.runtime.role()]).toEqual(['active', 'standby']);

    const conversation = sim.createConversation({ contactName: 'Ada', content: 'hello' });
    await active.idle();
    const parent = await waitFor(() => fake.state.parents(CHANNEL)[0]);
    const event = (eventId: string, text: string, ts: string) =>
      JSON.stringify({
        token: 'verif', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1,
        event: { type: 'message', channel: CHANNEL, user: ANN.id, text, ts, thread_ts: parent.ts, channel_type: 'channel' },
      });
    // Delivered to the active instance, then retried by Slack onto the standby (same event, same ts).
    const first = event('Ev1', 'answered once', `${Date.now() / 1000}`);
    expect((await post(portOf(active), first)).status).toBe(200);
    expect((await post(portOf(standby), first)).status).toBe(200);
    // Only ever delivered to the standby.
    expect((await post(portOf(standby), event('Ev2', 'via the standby', `${Date.now() / 1000 + 1}`))).status).toBe(200);

    const contents = () => sim.messages(conversation.id!).map((m) => m.content);
    await waitFor(() => contents().includes('answered once') && contents().includes('via the standby'));
    await active.idle();
    expect(contents().filter((c) => c === 'answered once')).toHaveLength(1);
    expect(contents().filter((c) => c === 'via the standby')).toHaveLength(1);
    // Neither instance echoes the replies back into the thread.
    expect(fake.state.thread(CHANNEL, parent.ts).map((m) => m.text)).not.toContain('answered once');
  });
});
