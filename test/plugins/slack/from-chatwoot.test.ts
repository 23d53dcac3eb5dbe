import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../../../plugins/slack/testing/fake-slack.ts';
import { CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
let files: Server | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
  files?.closeAllConnections();
  files?.close();
  files = undefined;
});

/** Chatwoot's attachment storage: serves `/<name>` with `size` bytes. */
async function serveFiles(sizes: Record<string, number>): Promise<string> {
  files = createServer((req, res) => {
    const size = sizes[(req.url ?? '/').slice(1)];
    if (size === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size }).end(Buffer.alloc(size, 7));
  });
  files.listen(0, '127.0.0.1');
  await once(files, 'listening');
  return `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}

describe('Chatwoot → Slack', () => {
  it('opens a thread with a Block Kit parent on conversation.created and mirrors messages into it', async () => {
    run = await startSlackBot({ settings: { chatwootUrl: 'https://chat.example.test' } });
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada Lovelace', email: 'ada@example.test', content: 'Hi! **Invoice** is wrong' });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0], { what: 'the parent' });
    const header = JSON.stringify(parent.blocks);
    expect(header).toContain('Ada Lovelace');
    expect(header).toContain('ada@example.test');
    expect(header).toContain('Sandbox API'); // the inbox's name, not its id
    expect(header).toContain(`https://chat.example.test/app/accounts/1/conversations/${conversation.id}`);
    expect(header).toContain('chatwoot_resolve');
    expect(header).toContain('chatwoot_assign_me');
    expect(parent.metadata).toEqual({ event_type: 'chatwoot_conversation', event_payload: { conversation_id: conversation.id } });
    const reply = await waitFor(() => slack.state.thread(CHANNEL, parent.ts)[1], { what: 'the first reply' });
    expect(reply).toMatchObject({ text: 'Hi! *Invoice* is wrong', username: 'Ada Lovelace (customer)', thread_ts: parent.ts });
    expect(reply.metadata?.event_payload).toMatchObject({ conversation_id: conversation.id });
  });

  it('opens the thread for agent-started conversations too, and marks private notes and activity', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Bob' });
    bot.chatwoot.agentMessage(conversation.id!, 'Hello Bob, we saw your order');
    bot.chatwoot.agentMessage(conversation.id!, 'he is a VIP', { private: true });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0]);
    const thread = await waitFor(() => (slack.state.thread(CHANNEL, parent.ts).length === 3 ? slack.state.thread(CHANNEL, parent.ts) : undefined));
    expect(thread[1]).toMatchObject({ text: 'Hello Bob, we saw your order', username: 'Switchboard Bot (agent)' });
    expect(thread[2]).toMatchObject({ username: 'Switchboard Bot (internal note)', text: ':lock: Internal note: he is a VIP' });
    expect(thread[2]!.blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':lock: *Internal note* · not sent to the customer' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'he is a VIP' } },
    ]);
    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await waitFor(() => JSON.stringify(slack.state.find(CHANNEL, parent.ts)?.blocks).includes('chatwoot_reopen'), { what: 'the parent to show Reopen' });
    const activity = await waitFor(() => slack.state.thread(CHANNEL, parent.ts).find((m) => m.blocks?.length === 1 && JSON.stringify(m.blocks).includes('context')));
    expect(activity.text).toMatch(/^_.*_$/);
  });

  it('escapes hostile customer text and names so nothing can ping or link', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    bot.chatwoot.createConversation({ contactName: '<!here> Mallory', content: '<!channel> <@U123> <https://evil.test|your bank> [x](https://evil.test)' });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0]);
    const reply = await waitFor(() => slack.state.thread(CHANNEL, parent.ts)[1]);
    expect(reply.text).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.test|your bank&gt; x (https://evil.test)');
    expect(JSON.stringify(parent.blocks)).not.toContain('<!here>');
    const post = slack.callsOf('chat.postMessage').find((c) => c.params['thread_ts']);
    expect(post?.params['link_names']).toBeUndefined();
  });

  it('edits the mirrored reply on message.updated and shows a soft delete', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Eve', content: 'first' });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0]);
    const reply = await waitFor(() => slack.state.thread(CHANNEL, parent.ts)[1]);
    const messageId = bot.chatwoot.messages(conversation.id!)[0]!.id;
    bot.chatwoot.editMessage(conversation.id!, messageId, 'first, edited');
    await bot.idle();
    await waitFor(() => slack.state.find(CHANNEL, reply.ts)?.text === 'first, edited', { what: 'the edit' });
    bot.chatwoot.deleteMessage(conversation.id!, messageId);
    await bot.idle();
    await waitFor(() => slack.state.find(CHANNEL, reply.ts)?.text.includes('deleted'), { what: 'the deletion' });
  });

  it('opens a thread lazily for a conversation that predates the bot', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Old' });
    await bot.idle();
    await waitFor(() => slack.state.parents(CHANNEL).length === 1);
    // Forget the thread, as if the conversation existed before Slack was connected.
    await bot.runtime.ledger.links.removeConversation(conversation.id!, 'slack');
    bot.chatwoot.customerMessage(conversation.id!, 'still there?');
    await bot.idle();
    const parents = await waitFor(() => (slack.state.parents(CHANNEL).length === 2 ? slack.state.parents(CHANNEL) : undefined));
    await waitFor(() => slack.state.thread(CHANNEL, parents[1]!.ts).some((m) => m.text === 'still there?'));
  });

  it('routes inboxes to their own channels', async () => {
    run = await startSlackBot({
      settings: { routes: { '7': 'C0SALES' } },
      fake: { channels: [{ id: CHANNEL, members: ['UBOT'] }, { id: 'C0SALES', members: ['UBOT'] }] },
    });
    const { bot, slack } = run;
    bot.chatwoot.createConversation({ contactName: 'Sales lead', inboxId: 7, content: 'pricing?' });
    bot.chatwoot.createConversation({ contactName: 'Support', content: 'help' });
    await bot.idle();
    await waitFor(() => slack.state.parents('C0SALES').length === 1 && slack.state.parents(CHANNEL).length === 1);
    expect(JSON.stringify(slack.state.parents('C0SALES')[0]!.blocks)).toContain('Sales lead');
  });

  it('uploads attachments into the thread, and links one above the cap', async () => {
    run = await startSlackBot({ settings: { maxFileBytes: 1000 } });
    const { bot, slack } = run;
    const base = await serveFiles({ 'photo.png': 500, 'video.mp4': 5000 });
    const conversation = bot.chatwoot.createConversation({ contactName: 'Files' });
    bot.chatwoot.customerMessage(conversation.id!, 'two files', {
      attachments: [{ file_type: 'image', data_url: `${base}/photo.png` }, { file_type: 'video', data_url: `${base}/video.mp4` }],
    });
    await bot.idle();
    const parent = slack.state.parents(CHANNEL)[0]!;
    const thread = slack.state.thread(CHANNEL, parent.ts);
    expect(thread.map((m) => m.text)[1]).toBe('two files');
    const uploaded = thread.find((m) => m.files?.length);
    expect(uploaded?.files?.[0]).toMatchObject({ name: 'photo.png', size: 500 });
    expect(thread.find((m) => m.text.includes('video.mp4'))?.text).toContain('not uploaded');
  });

  it('cuts a message too long for Slack, ending with a link to the rest in Chatwoot', async () => {
    run = await startSlackBot({ settings: { chatwootUrl: 'https://chat.example.test' } });
    const { bot, slack } = run;
    const long = `${'word '.repeat(12_000)}THE END`; // 60 007 characters: Chatwoot takes it, Slack would not
    const conversation = bot.chatwoot.createConversation({ contactName: 'Verbose', content: long });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0]);
    const reply = await waitFor(() => slack.state.thread(CHANNEL, parent.ts)[1], { what: 'the cut reply' });
    expect(reply.text.length).toBeLessThanOrEqual(39_000);
    expect(reply.text.startsWith('word word')).toBe(true);
    expect(reply.text).not.toContain('THE END');
    expect(reply.text.endsWith(`… (continued in Chatwoot: <https://chat.example.test/app/accounts/1/conversations/${conversation.id}>)`)).toBe(true);
    expect(bot.runtime.outbox.failures()).toEqual([]);
  });

  it('without chat:write.customize, prefixes the name instead', async () => {
    run = await startSlackBot({ fake: { scopes: DEFAULT_SCOPES.filter((s) => s !== 'chat:write.customize') } });
    const { bot, slack } = run;
    bot.chatwoot.createConversation({ contactName: 'Plain', content: 'hello' });
    await bot.idle();
    const parent = slack.state.parents(CHANNEL)[0]!;
    const reply = slack.state.thread(CHANNEL, parent.ts)[1]!;
    expect(reply.text).toBe('*Plain (customer):* hello');
    expect(reply.username).toBeUndefined();
  });
});
