import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import slack, { OFF_MESSAGE } from '../../../plugins/slack/index.ts';
import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

const SECRET = 'shh-secret';
let run: SlackBot | undefined;
let plain: TestBot | undefined;
afterEach(async () => {
  await run?.stop();
  await plain?.stop();
  run = undefined;
  plain = undefined;
});

const portOf = (bot: TestBot) => Number(bot.logs.find((l) => l['msg'] === 'switchboard started')?.['port']);

function post(port: number, body: string, contentType: string, secret = SECRET) {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
    body,
  });
}

describe('HTTP mode (SLACK_SIGNING_SECRET, no app token)', () => {
  it('accepts correctly signed events at /slack/events and rejects wrong signatures', async () => {
    run = await startSlackBot({ socket: false });
    const { bot, slack: fake } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'hello' });
    await bot.idle();
    const parent = await waitFor(() => fake.state.parents(CHANNEL)[0]);
    const port = portOf(bot);
    const event = (text: string) =>
      JSON.stringify({
        token: 'verif', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${text.length}`, event_time: 1,
        event: { type: 'message', channel: CHANNEL, user: ANN.id, text, ts: `${Date.now() / 1000}`, thread_ts: parent.ts, channel_type: 'channel' },
      });
    const forged = await post(port, event('forged reply'), 'application/json', 'wrong-secret');
    expect(forged.status).toBe(401);
    const signed = await post(port, event('signed reply'), 'application/json');
    expect(signed.status).toBe(200);
    await waitFor(() => bot.chatwoot.messages(conversation.id!).some((m) => m.content === 'signed reply'));
    expect(bot.chatwoot.messages(conversation.id!).some((m) => m.content === 'forged reply')).toBe(false);
  });

  it('answers a signed slash command', async () => {
    run = await startSlackBot({ socket: false });
    const body = new URLSearchParams({
      token: 'verif', team_id: 'T1', channel_id: CHANNEL, user_id: ANN.id, command: '/chatwoot', text: 'help',
      response_url: `${run.slack.url}/response/r1`, trigger_id: 't1', api_app_id: 'A1',
    }).toString();
    const response = await post(portOf(run.bot), body, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    const answer = await waitFor(() => run!.slack.responses.find((r) => r.id === 'r1'));
    expect(String(answer.body['text'])).toContain('resolve');
  });
});

describe('configuration', () => {
  it('without SLACK_BOT_TOKEN it logs one line and registers nothing', async () => {
    plain = await createTestBot({ plugins: [slack] });
    const lines = plain.logs.filter((l) => String(l['msg']).startsWith('slack:'));
    expect(lines.map((l) => l['msg'])).toEqual([OFF_MESSAGE]);
    plain.chatwoot.createConversation({ content: 'hi' });
    await plain.idle();
  });

  it('a token without SLACK_CHANNEL_ID or routes stops the boot naming the variable', async () => {
    await expect(createTestBot({ plugins: [slack], env: { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_APP_TOKEN: 'xapp-x' } })).rejects.toThrow(/SLACK_CHANNEL_ID/);
  });
});
