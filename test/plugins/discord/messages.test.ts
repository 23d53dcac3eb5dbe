import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

async function openThread(current: DiscordBot) {
  const thread = await current.openThread();
  await current.until(() => current.posts(thread.threadId).length === 1 || undefined, 'first post');
  return thread;
}

describe('discord message bridging', () => {
  it('carries Chatwoot edits and soft deletes to the mirrored message', async () => {
    run = await startDiscordBot();
    const { bot, posts, until } = run;
    const { id, threadId } = await openThread(run);
    const message = bot.chatwoot.customerMessage(id, 'typo heer');
    await until(() => posts(threadId).length === 2 || undefined, 'second post');
    bot.chatwoot.editMessage(id, message.id, 'typo here');
    await bot.idle();
    await until(() => posts(threadId)[1]!['content'] === 'typo here' || undefined, 'the edit');
    bot.chatwoot.deleteMessage(id, message.id);
    await bot.idle();
    await until(() => posts(threadId)[1]!['content'] === '*(message deleted in Chatwoot)*' || undefined, 'the delete');
  });

  it('deletes in Chatwoot what its Discord author deleted, and answers an edit with a notice', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await openThread(run);
    const sent = fake.humanMessage(threadId, 'wrong answer');
    const outgoing = () => bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing');
    await until(() => outgoing().length === 1 || undefined, 'the reply');
    await bot.idle();
    await until(async () => (await bot.runtime.ledger.links.findMessage('discord', sent['id'])) !== undefined || undefined, 'the echo link');

    fake.humanEdit(sent['id'], 'better answer');
    await until(() => fake.messagesIn(threadId).some((m) => m['message_reference']?.message_id === sent['id'] && /Edits are not carried/.test(m['content'])) || undefined, 'the edit notice');
    expect(outgoing()[0]!.content).toBe('wrong answer');

    fake.humanDelete(sent['id']);
    await until(() => (outgoing()[0]!.content_attributes as { deleted?: boolean }).deleted || undefined, 'deleted in Chatwoot');
  });

  it('still reads echo links stored by earlier versions ({ fromDiscord }): never edited from Chatwoot, deleted with their Discord message', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await openThread(run);
    const sent = fake.humanMessage(threadId, 'typed in Discord');
    const links = bot.runtime.ledger.links;
    const chatwootId = (await until(async () => links.findMessage('discord', sent['id']), 'the echo link')) as number;
    await bot.idle();
    await links.setMessage(chatwootId, 'discord', { key: sent['id'], data: { fromDiscord: true, private: false } });

    bot.chatwoot.editMessage(id, chatwootId, 'edited in Chatwoot');
    await bot.idle();
    expect(fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${sent['id']}`))).toEqual([]);

    fake.humanDelete(sent['id']);
    const deleted = () => bot.chatwoot.messages(id).find((m) => m.id === chatwootId)?.content_attributes as { deleted?: boolean } | undefined;
    await until(() => deleted()?.deleted || undefined, 'deleted in Chatwoot');
  });

  it('ignores bots, webhooks and system messages', async () => {
    run = await startDiscordBot();
    const { bot, fake } = run;
    const { id, threadId } = await openThread(run);
    fake.humanMessage(threadId, 'from a bot', { author: { id: '42', username: 'other-bot', discriminator: '0', avatar: null, bot: true } });
    fake.humanMessage(threadId, 'from a webhook', { webhook_id: '43', author: { id: '43', username: 'hook', discriminator: '0000', avatar: null, bot: true } });
    fake.humanMessage(threadId, 'pinned', { type: 6 });
    fake.humanMessage(threadId, 'real one');
    await run.until(() => bot.chatwoot.messages(id).some((m) => m.content === 'real one') || undefined, 'the human message');
    await bot.idle();
    expect(bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing').map((m) => m.content)).toEqual(['real one']);
  });

  it('uploads attachments both ways, linking files above maxFileBytes', async () => {
    run = await startDiscordBot({ settings: { maxFileBytes: 50 } });
    const { bot, fake, posts, until } = run;
    const { id, threadId } = await openThread(run);
    const small = fake.cdnAttachment('small.txt', Buffer.from('tiny file'), 'text/plain');
    const big = fake.cdnAttachment('big.bin', Buffer.alloc(200, 1));
    bot.chatwoot.customerMessage(id, 'files', { attachments: [{ file_type: 'file', data_url: small['url'] }, { file_type: 'file', data_url: big['url'] }] });
    await until(() => posts(threadId).length === 2 || undefined, 'the post with files');
    const upload = fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/webhooks/')).at(-1)!;
    expect(upload.files.map((f) => [f.name, f.data.toString()])).toEqual([['small.txt', 'tiny file']]);
    expect(posts(threadId)[1]!['content']).toContain(`📎 [big.bin](${big['url']}) — not uploaded: 200 B is over the 50 B upload limit`);

    const file = fake.cdnAttachment('screenshot.png', Buffer.from('png-bytes'), 'image/png');
    fake.humanMessage(threadId, 'see attached', { attachments: [file] });
    await until(() => bot.chatwoot.messages(id).find((m) => m.content === 'see attached')?.attachments?.length || undefined, 'the attachment in Chatwoot');
  });

  it('links a file Discord refuses as too large (413), with a visible note, instead of losing the message', async () => {
    run = await startDiscordBot({ fake: { uploadLimitBytes: 100 } });
    const { bot, fake, posts, until } = run;
    const { id, threadId } = await openThread(run);
    const big = fake.cdnAttachment('video.mp4', Buffer.alloc(300, 1), 'video/mp4');
    bot.chatwoot.customerMessage(id, 'my video', { attachments: [{ file_type: 'file', data_url: big['url'] }] });
    const post = await until(() => posts(threadId).find((p) => String(p['content']).startsWith('my video')), 'the post with the link');
    expect(post['content']).toBe(`my video\n📎 [video.mp4](${big['url']}) — not uploaded: Discord refused the upload as too large`);
    expect(post['attachments']).toEqual([]);
    const attempts = fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/webhooks/') && c.body?.content?.startsWith('my video'));
    expect(attempts.map((c) => c.files.length)).toEqual([1, 0]);
  });

  it('carries a Discord attachment above what Chatwoot takes as a visible link', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await openThread(run);
    const huge = fake.cdnAttachment('huge.mov', Buffer.from('not really 50 MB'), 'video/quicktime');
    huge['size'] = 50 * 1024 * 1024; // Discord says so; the bot must not download it
    fake.humanMessage(threadId, 'the recording', { attachments: [huge] });
    const sent = await until(() => bot.chatwoot.messages(id).find((m) => m.content?.startsWith('the recording')), 'the message in Chatwoot');
    expect(sent.content).toBe(`the recording\n📎 huge.mov (50 MB, too large for Chatwoot, over 40 MB): ${huge['url']}`);
    expect(sent.attachments ?? []).toEqual([]);
  });

  it('retries after a Discord 429 with retry_after', async () => {
    run = await startDiscordBot();
    const { bot, fake, posts, until } = run;
    const { id, threadId } = await openThread(run);
    fake.failRest({ method: 'POST', path: /^\/webhooks\//, status: 429, retryAfter: 0.2 });
    bot.chatwoot.customerMessage(id, 'after the limit');
    await until(() => posts(threadId).some((p) => p['content'] === 'after the limit') || undefined, 'the retried post');
    const attempts = fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/webhooks/'));
    expect(attempts.length).toBe(3);
  });

  it('flags a message Chatwoot refused with ⚠️ and an explanation', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await openThread(run);
    bot.chatwoot.faults.failRest({ method: 'POST', path: new RegExp(`/conversations/${id}/messages$`), status: 422, times: 10 });
    const sent = fake.humanMessage(threadId, 'this will fail');
    await until(() => fake.state.reactions.find((r) => r.messageId === sent['id'] && r.emoji === '⚠️'), 'the ⚠️ reaction');
    const explanation = await until(() => fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === sent['id'] && /could not be delivered/.test(m['content'])), 'the explanation');
    expect(explanation['content']).toMatch(/^⚠️ Your reply could not be delivered to Chatwoot \(422 .*\)\. The customer did not get it\.$/);
  });

  it('says which switch to turn on when message content arrives empty', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { threadId } = await openThread(run);
    fake.humanMessage(threadId, '');
    await until(() => bot.logs.find((l) => /MESSAGE CONTENT INTENT/.test(String(l['msg']))), 'the warning');
    await until(() => fake.messagesIn(threadId).find((m) => /Privileged Gateway Intents/.test(m['content'])), 'the explanation in Discord');
  });
});
