import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { isChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { createRuntime } from '../../../src/app/create-runtime.ts';
import { definePlugin, isEvent, type MessageEvent } from '../../../src/index.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';

// The REST client and the simulator were written from the same Chatwoot docs by different hands;
// this suite checks they agree, end to end.
let sim: ChatwootSimulator;
afterEach(async () => {
  await sim?.close();
});

async function setup() {
  sim = await createChatwootSimulator({ agents: [{ id: 2, name: 'Alice Agent', email: 'alice@example.test' }] });
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, retry: { retries: 2, baseMs: 1 } });
  return { rest };
}

describe('REST client against the simulator', () => {
  it('reads the profile with the pubsub token', async () => {
    const { rest } = await setup();
    const profile = await rest.getProfile();
    expect(profile).toMatchObject({ id: sim.agent.id, pubsub_token: sim.agent.pubsubToken });
    expect(profile.accounts?.map((a) => a.id)).toEqual([sim.accountId]);
  });

  it('creates messages (JSON and multipart) and reads them back in order with after/before', async () => {
    const { rest } = await setup();
    const conversation = sim.createConversation({ contactName: 'Ada', content: 'first' });
    const id = conversation.id as number;
    const note = await rest.createMessage(id, { content: 'internal', private: true, content_attributes: { switchboard: { origin: 'test' } } });
    expect(note).toMatchObject({ private: true, message_type: 'outgoing', content_attributes: { switchboard: { origin: 'test' } } });
    const withFile = await rest.createMessage(id, { content: 'see file', attachments: [{ filename: 'a.txt', data: new TextEncoder().encode('hello'), contentType: 'text/plain' }] });
    expect(withFile.attachments?.[0]?.file_type).toBe('file');
    const all = await rest.listMessages(id);
    expect(all.messages.map((m) => m.content)).toEqual(['first', 'internal', 'see file']);
    const after = await rest.listMessagesAfter(id, all.messages[0]!.id);
    expect(after.map((m) => m.content)).toEqual(['internal', 'see file']);
  });

  it('pages listMessagesAfter over more than 100 messages', async () => {
    const { rest } = await setup();
    const id = sim.createConversation({ content: 'm0' }).id as number;
    for (let i = 1; i < 230; i += 1) sim.customerMessage(id, `m${i}`);
    const first = (await rest.listMessages(id, { before: 2 })).messages;
    const all = await rest.listMessagesAfter(id, 0);
    expect(all).toHaveLength(230);
    expect(all.map((m) => m.content).slice(0, 3)).toEqual(['m0', 'm1', 'm2']);
    expect(first.length).toBeLessThanOrEqual(20);
  });

  it('toggles status, assigns, merges labels and lists conversations and agents', async () => {
    const { rest } = await setup();
    const id = sim.createConversation({ content: 'hi' }).id as number;
    expect(await rest.toggleStatus(id, 'snoozed', { snoozedUntil: 2_000_000_000 })).toMatchObject({ currentStatus: 'snoozed' });
    expect((await rest.getConversation(id)).status).toBe('snoozed');
    await rest.assign(id, { assigneeId: 2 });
    expect((await rest.getConversation(id)).meta?.assignee?.id).toBe(2);
    await rest.setLabels(id, ['billing', 'vip']);
    expect(await rest.updateLabels(id, { add: ['urgent'], remove: ['vip'] })).toEqual(['billing', 'urgent']);
    expect(sim.conversation(id)?.labels).toEqual(['billing', 'urgent']);
    const page = await rest.listConversations({ status: 'all' });
    expect(page.conversations.map((c) => c.id)).toContain(id);
    expect((await rest.listAgents()).map((a) => a.name)).toEqual(expect.arrayContaining(['Switchboard Bot', 'Alice Agent']));
  });

  it('surfaces Chatwoot errors as typed errors and retries reads through a 503', async () => {
    const { rest } = await setup();
    await expect(rest.getConversation(999)).rejects.toSatisfy((e) => isChatwootApiError(e) && e.kind === 'not_found');
    sim.faults.failRest({ status: 503, times: 1, method: 'GET', path: '/api/v1/profile' });
    expect((await rest.getProfile()).id).toBe(sim.agent.id);
    sim.faults.failRest({ status: 429, times: 1, retryAfter: 7, method: 'POST' });
    const id = sim.createConversation({ content: 'x' }).id as number;
    const error = await rest.createMessage(id, { content: 'y' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
  });

  it('sees its own message come back on the cable with the echo_id it sent', async () => {
    const { rest } = await setup();
    const echoes: MessageEvent[] = [];
    const runtime = createRuntime({
      chatwoot: { url: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId },
      env: { presenceIntervalSeconds: 15, port: 0, storeUrl: 'memory://' },
      plugins: [definePlugin({ name: 'echo', setup: (ctx) => ctx.on('*', (e) => void (isEvent(e, 'message.created') && echoes.push(e))) })],
      log: captureLog().log,
      host: '127.0.0.1',
    });
    await runtime.start();
    await runtime.subscribed();
    const id = sim.createConversation({ content: 'question' }).id as number;
    const sent = await rest.createMessage(id, { content: 'answer', echo_id: 'echo-123' });
    const back = await waitFor(() => echoes.find((e) => e.message.id === sent.id), { what: 'echo' });
    expect(back.message.echo_id).toBe('echo-123');
    expect(back.message.message_type).toBe('outgoing');
    await runtime.stop();
  });
});
