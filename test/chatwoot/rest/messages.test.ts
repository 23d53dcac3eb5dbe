import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, Response } from 'undici';
import { createChatwootRest, type ChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { ACCOUNT_ID, TOKEN, rawMessage, serveMessages } from './chatwoot-fixtures.ts';
import { startFakeChatwoot, type FakeChatwoot } from './fake-chatwoot-server.ts';

let fake: FakeChatwoot;
let agent: Agent;
let rest: ChatwootRest;

beforeEach(async () => {
  fake = await startFakeChatwoot({ token: TOKEN });
  agent = new Agent();
  rest = createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: ACCOUNT_ID, dispatcher: agent, sleep: async () => {} });
});

afterEach(async () => {
  await agent.close();
  await fake.close();
});

const MESSAGES_PATH = '/api/v1/accounts/1/conversations/42/messages';

describe('createMessage', () => {
  beforeEach(() => {
    // Chatwoot's create answer (_message.json.jbuilder): no account_id, integer message_type.
    fake.on('POST', '/api/v1/accounts/:account/conversations/:cid/messages', (req) => {
      const sent = (req.json ?? {}) as Record<string, unknown>;
      return {
        json: {
          id: 901,
          content: sent['content'] ?? null,
          inbox_id: 3,
          echo_id: sent['echo_id'],
          conversation_id: Number(req.path.split('/')[6]),
          message_type: 1,
          content_type: 'text',
          status: 'sent',
          content_attributes: sent['content_attributes'] ?? {},
          created_at: 1_718_000_123,
          private: sent['private'] === true,
          source_id: null,
          sender: { id: 7, name: 'Switchboard', available_name: 'Switchboard', avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' },
        },
      };
    });
  });

  it('posts JSON with the api_access_token header and returns a normalized message', async () => {
    const message = await rest.createMessage(42, {
      content: 'On it',
      private: true,
      echo_id: 'echo-1',
      content_attributes: { switchboard: { origin: 'slack', ts: '1.2' } },
    });
    const [req] = fake.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(MESSAGES_PATH);
    expect(req?.headers['api_access_token']).toBe(TOKEN);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json).toEqual({ content: 'On it', private: true, echo_id: 'echo-1', content_attributes: { switchboard: { origin: 'slack', ts: '1.2' } } });
    expect(message).toMatchObject({
      id: 901,
      account_id: 1,
      conversation_id: 42,
      message_type: 'outgoing',
      private: true,
      echo_id: 'echo-1',
      created_at: 1_718_000_123,
      sender: { id: 7, type: 'user' },
      content_attributes: { switchboard: { origin: 'slack', ts: '1.2' } },
    });
  });

  it('never sends source_id, even when a JS caller passes one', async () => {
    await rest.createMessage(42, { content: 'hi', source_id: 'slack-123' } as never);
    expect(fake.requests[0]?.json).toEqual({ content: 'hi' });
  });

  it('uploads attachments as multipart/form-data with attachments[] parts', async () => {
    await rest.createMessage(42, {
      content: 'see attached',
      message_type: 'outgoing',
      private: false,
      content_attributes: { switchboard: { origin: 'discord' } },
      echo_id: 'echo-2',
      attachments: [
        { filename: 'hello.txt', data: new TextEncoder().encode('hello, world'), contentType: 'text/plain' },
        { filename: 'pic.png', data: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }) },
      ],
    });
    const req = fake.requests[0];
    expect(req?.url).toBe(MESSAGES_PATH);
    expect(req?.headers['api_access_token']).toBe(TOKEN);
    const contentType = String(req?.headers['content-type']);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(req?.body, { headers: { 'content-type': contentType } }).formData();
    expect(form.get('content')).toBe('see attached');
    expect(form.get('message_type')).toBe('outgoing');
    expect(form.get('private')).toBe('false');
    expect(form.get('echo_id')).toBe('echo-2');
    expect(JSON.parse(String(form.get('content_attributes')))).toEqual({ switchboard: { origin: 'discord' } });
    expect(form.has('source_id')).toBe(false);
    const files = form.getAll('attachments[]') as File[];
    expect(files.map((f) => f.name)).toEqual(['hello.txt', 'pic.png']);
    expect(files[0]?.type).toBe('text/plain');
    expect(await files[0]?.text()).toBe('hello, world');
    expect(files[1]?.type).toBe('image/png');
    expect(new Uint8Array(await files[1]!.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });
});

describe('listMessages', () => {
  beforeEach(() => serveMessages(fake, 42, Array.from({ length: 150 }, (_, i) => rawMessage(i + 1))));

  it('sends no cursor for the latest page and normalizes types and times', async () => {
    const page = await rest.listMessages(42);
    expect(fake.requests[0]?.url).toBe(MESSAGES_PATH);
    expect(page.messages.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => 131 + i));
    expect(page.messages[0]).toMatchObject({ message_type: 'incoming', created_at: 1_718_000_131, updated_at: 1_718_000_000, conversation_id: 42, sender: { type: 'contact' } });
    expect(page.meta.labels).toEqual(['billing']);
    expect(page.meta.contact).toMatchObject({ id: 11, type: 'contact' });
  });

  it('uses Chatwoot query strings for before and after', async () => {
    await rest.listMessages(42, { after: 100 });
    await rest.listMessages(42, { before: 50 });
    await rest.listMessages(42, { before: 60, after: 10 });
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${MESSAGES_PATH}?after=100`,
      `${MESSAGES_PATH}?before=50`,
      `${MESSAGES_PATH}?before=60&after=10`,
    ]);
  });
});

describe('listMessagesAfter', () => {
  it('pages through 250 messages in 3 requests, advancing after to the max id', async () => {
    serveMessages(fake, 42, Array.from({ length: 250 }, (_, i) => rawMessage(1000 + i)));
    const all = await rest.listMessagesAfter(42, 999);
    expect(all).toHaveLength(250);
    expect(all.map((m) => m.id)).toEqual(Array.from({ length: 250 }, (_, i) => 1000 + i));
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${MESSAGES_PATH}?after=999`,
      `${MESSAGES_PATH}?after=1099`,
      `${MESSAGES_PATH}?after=1199`,
    ]);
  });

  it('honours limit and stops requesting once it is reached', async () => {
    serveMessages(fake, 42, Array.from({ length: 250 }, (_, i) => rawMessage(1000 + i)));
    const some = await rest.listMessagesAfter(42, 999, { limit: 150 });
    expect(some.map((m) => m.id)).toEqual(Array.from({ length: 150 }, (_, i) => 1000 + i));
    expect(fake.requests).toHaveLength(2);
  });

  it('stops when a full page makes no progress (a server ignoring after=)', async () => {
    const stale = Array.from({ length: 100 }, (_, i) => rawMessage(i + 1));
    fake.on('GET', MESSAGES_PATH, () => ({ json: { meta: {}, payload: stale } }));
    const got = await rest.listMessagesAfter(42, 0);
    expect(got).toHaveLength(100);
    expect(fake.requests.map((r) => r.url)).toEqual([`${MESSAGES_PATH}?after=0`, `${MESSAGES_PATH}?after=100`]);
  });

  it('yields page by page from iterateMessagesAfter', async () => {
    serveMessages(fake, 42, Array.from({ length: 120 }, (_, i) => rawMessage(i + 1)));
    const sizes: number[] = [];
    for await (const page of rest.iterateMessagesAfter(42, 0)) sizes.push(page.length);
    expect(sizes).toEqual([100, 20]);
  });
});

describe('deleteMessage', () => {
  it('sends DELETE to the message path and returns the soft-deleted message', async () => {
    fake.on('DELETE', '/api/v1/accounts/1/conversations/42/messages/:id', (_req, { id }) => ({
      json: rawMessage(Number(id), { content: 'This message was deleted', content_attributes: { deleted: true }, message_type: 1 }),
    }));
    const message = await rest.deleteMessage(42, 77);
    expect(fake.requests[0]).toMatchObject({ method: 'DELETE', url: `${MESSAGES_PATH}/77` });
    expect(message).toMatchObject({ id: 77, message_type: 'outgoing', content_attributes: { deleted: true } });
  });

  it('rejects ids that are not positive integers before sending anything', async () => {
    await expect(rest.deleteMessage(42, Number.NaN)).rejects.toThrow(TypeError);
    await expect(rest.listMessages(-1)).rejects.toThrow(/conversationId must be a positive integer/);
    expect(fake.requests).toHaveLength(0);
  });
});
