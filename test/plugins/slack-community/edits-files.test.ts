import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER } from '../../../plugins/slack/testing/fake-slack.ts';
import { ADA, COMMUNITY } from '../../../plugins/slack-community/testing/community-slack.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/slack-community/testing/start-community-bot.ts';
import { specProblems } from '../../helpers/chatwoot-spec.ts';
import { incoming } from '../../../plugins/slack-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  // Whatever the test did, every request to Chatwoot had the published spec's shape.
  const requests = run?.chatwoot.rest.requests ?? [];
  await run?.stop();
  expect(specProblems(requests)).toEqual([]);
  run = undefined;
});

const conversationOf = (r: CommunityBot) => r.until(() => r.chatwoot.conversations().find((c) => c.inbox_id === r.inboxId), 'the conversation').then((c) => c.id as number);

describe('slack-community: edits, deletes and files', () => {
  it("a member's edit becomes an incoming message replying to the original; an unfurl is not an edit", async () => {
    run = await startCommunityBot();
    const { ts } = run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'My order is #12' });
    const id = await conversationOf(run);
    await run.until(() => incoming(run!, id).length === 1, 'the message');
    const original = incoming(run, id)[0]!;
    run.slack.editMessage(COMMUNITY, ts, 'My order is #21 &amp; urgent');
    await run.until(() => incoming(run!, id).length === 2, 'the edit');
    run.slack.editMessage(COMMUNITY, ts, 'My order is #21 &amp; urgent'); // same text: an unfurl or a re-render
    await run.bot.idle();
    const edit = incoming(run, id)[1]!;
    expect(edit.content).toBe('✏️ (edited) My order is #21 & urgent');
    expect(edit.content_attributes['in_reply_to']).toBe(original.id);
    expect(incoming(run, id)).toHaveLength(2);
  });

  it("a member's delete deletes the Chatwoot message (and its edits)", async () => {
    run = await startCommunityBot();
    const { ts } = run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'first' });
    const { ts: second } = run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'my password is hunter2', thread_ts: ts });
    const id = await conversationOf(run);
    await run.until(() => incoming(run!, id).length === 2, 'the messages');
    run.slack.editMessage(COMMUNITY, second, 'my password is hunter3');
    await run.until(() => incoming(run!, id).length === 3, 'the edit');
    run.slack.deleteMessage(COMMUNITY, second);
    await run.until(() => incoming(run!, id).filter((m) => m.content_attributes['deleted'] === true).length === 2, 'the deletes');
    await run.bot.idle();
    expect(JSON.stringify(run.bot.chatwoot.messages(id))).not.toContain('hunter');
    expect(incoming(run, id)[0]?.content).toBe('first');
  });

  it("a member's file goes to Chatwoot as a real file; one above the cap is a clear line instead", async () => {
    run = await startCommunityBot({ settings: { maxFileBytes: 1024 } });
    const small = run.slack.addFile({ id: 'F1', name: 'receipt.png', bytes: Buffer.from('PNGDATA'), mimetype: 'image/png' });
    const big = run.slack.addFile({ id: 'F2', name: 'video.mp4', bytes: Buffer.alloc(4096, 1), mimetype: 'video/mp4' });
    run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'see attached', files: [small, big] });
    const id = await conversationOf(run);
    await run.until(() => incoming(run!, id).length === 1, 'the message');
    const message = incoming(run, id)[0]!;
    // Sent as multipart (a file goes with it): the text still arrives as written, line breaks included.
    expect(message.content).toBe('see attached\n📎 video.mp4 was not sent: it is larger than 1 KB.');
    expect(message.attachments).toHaveLength(1);
    const served = await fetch(message.attachments![0]!.data_url);
    expect(Buffer.from(await served.arrayBuffer()).toString()).toBe('PNGDATA');
  });

  it("an agent's attachment is uploaded into the thread as a file; deleting the reply deletes it too", async () => {
    run = await startCommunityBot();
    const { ts } = run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'send me the invoice' });
    const id = await conversationOf(run);
    await run.bot.idle();
    const sent = await run.rest.createMessage(id, { content: 'Here it is', message_type: 'outgoing', attachments: [{ filename: 'invoice.pdf', data: Buffer.from('%PDF-1.7 invoice'), contentType: 'application/pdf' }] });
    await run.until(() => run!.slack.state.thread(COMMUNITY, ts).some((m) => m.files?.length), 'the file in the thread');
    await run.bot.idle();
    const posts = run.slack.state.thread(COMMUNITY, ts).filter((m) => m.user === BOT_USER);
    expect(posts.map((m) => m.text)).toEqual([`*${run.chatwoot.agent.name} (agent):*\nHere it is`, '']);
    const fileId = posts[1]!.files![0]!.id;
    expect(run.slack.state.files.get(fileId)?.bytes.toString()).toBe('%PDF-1.7 invoice');
    expect(run.slack.state.files.get(fileId)?.name).toBe('invoice.pdf');
    run.chatwoot.deleteMessage(id, sent.id);
    await run.until(() => run!.slack.state.thread(COMMUNITY, ts).filter((m) => m.user === BOT_USER).length === 0, 'the reply and its file deleted');
    expect(run.slack.state.files.has(fileId)).toBe(false);
  });
});
