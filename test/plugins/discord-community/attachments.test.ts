import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const ada = fakeMember('ada', 'Ada');

async function bytesOf(url: string): Promise<string> {
  const response = await fetch(url);
  return Buffer.from(await response.arrayBuffer()).toString();
}

describe('discord-community: attachments travel as files', () => {
  it("a member's files are uploaded to Chatwoot (multipart attachments[]), a file over maxFileBytes is a line with its link; the text stays as written", async () => {
    run = await startCommunityBot({ settings: { maxFileBytes: 100 } });
    const r = run;
    const threadId = memberThread(r.fake, ada, 'Broken screen');
    const photo = r.fake.cdnAttachment('screen.png', Buffer.from('png-bytes'), 'image/png');
    const video = r.fake.cdnAttachment('video.mp4', Buffer.alloc(500, 1), 'video/mp4');
    memberMessage(r.fake, threadId, ada, 'See **this**', { attachments: [photo, video] });
    const id = (await r.until(() => inboxConversations(r)[0], 'the conversation')).id as number;
    const sent = await r.until(() => incoming(r, id)[0], 'the message');
    // Sent as multipart (a file goes with it): the text still arrives as written, line breaks included.
    expect(sent.content).toBe(`See **this**\n📎 video.mp4 (500 B, too large for Chatwoot, over 100 B): ${video['url']}`);
    expect(sent.attachments).toHaveLength(1);
    expect(await bytesOf(sent.attachments![0]!.data_url)).toBe('png-bytes');
    const upload = r.chatwoot.rest.requests.find((q) => q.method === 'POST' && q.path.endsWith(`/conversations/${id}/messages`));
    expect(String(upload?.headers?.['content-type'])).toMatch(/^multipart\/form-data/);

    // A file the CDN no longer serves is a line with its link; the message and its other files still go in.
    const gone = { ...r.fake.cdnAttachment('old.png', Buffer.from('x'), 'image/png'), url: `${new URL(String(photo['url'])).origin}/cdn/0/old.png` };
    memberMessage(r.fake, threadId, ada, 'two files', { attachments: [gone, r.fake.cdnAttachment('ok.txt', Buffer.from('ok'), 'text/plain')] });
    const partly = await r.until(() => incoming(r, id).find((m) => m.content?.startsWith('two files')), 'the message with a lost file');
    expect(partly.content).toBe(`two files\n📎 old.png (1 B, could not be downloaded: HTTP 404): ${gone.url}`);
    expect(partly.attachments).toHaveLength(1);

    // Files alone (no text) are a message too.
    memberMessage(r.fake, threadId, ada, '', { attachments: [r.fake.cdnAttachment('log.txt', Buffer.from('log'), 'text/plain')] });
    await r.until(() => incoming(r, id).length === 3, 'the files-only message');
    expect(incoming(r, id)[2]?.attachments).toHaveLength(1);
  });

  it("an agent's files are uploaded into the member's thread; a file over Discord's limit is linked with a note", async () => {
    run = await startCommunityBot({ fake: { uploadLimitBytes: 100 } });
    const r = run;
    const threadId = memberThread(r.fake, ada, 'Invoice');
    memberMessage(r.fake, threadId, ada, 'Where is my invoice?');
    const id = (await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the conversation')).id as number;
    await r.bot.idle();
    await r.rest.createMessage(id, {
      content: 'Here it is',
      message_type: 'outgoing',
      attachments: [
        { filename: 'invoice.pdf', data: Buffer.from('%PDF-1.4 invoice'), contentType: 'application/pdf' },
      ],
    });
    await r.until(() => botPosts(r, threadId).length === 1, 'the reply with its file');
    const upload = r.fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`)!;
    expect(upload.files.map((f) => [f.name, f.data.toString()])).toEqual([['invoice.pdf', '%PDF-1.4 invoice']]);
    expect(upload.body).toMatchObject({ allowed_mentions: { parse: [] }, attachments: [{ id: 0, filename: 'invoice.pdf' }] });
    expect(botPosts(r, threadId)[0]?.['content']).toContain('Here it is');

    await r.rest.createMessage(id, { content: 'And the big one', message_type: 'outgoing', attachments: [{ filename: 'scan.tiff', data: Buffer.alloc(300, 1) }] });
    const post = await r.until(() => botPosts(r, threadId).find((m) => String(m['content']).includes('And the big one')), 'the reply with the link');
    expect(post['content']).toMatch(/📎 \[scan\.tiff\]\(http[^)]+\) — not uploaded: Discord refused the upload as too large$/);
    expect(post['attachments']).toEqual([]);
  });
});
