import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, Response } from 'undici';
import { createChatwootRest, type ChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { ACCOUNT_ID, TOKEN, rawMessage, serveMessages } from './chatwoot-fixtures.ts';
import { startFakeChatwoot, type FakeChatwoot } from './fake-chatwoot-server.ts';
import { captureLog } from '../../helpers/capture-log.ts';

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

  it('stops after maxPages pages with a warning, so an endless conversation cannot hold a caller forever', async () => {
    const capture = captureLog();
    const logged = createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: ACCOUNT_ID, dispatcher: agent, sleep: async () => {}, log: capture.log });
    serveMessages(fake, 42, Array.from({ length: 450 }, (_, i) => rawMessage(i + 1)));
    const got = await logged.listMessagesAfter(42, 0, { maxPages: 3 });
    expect(got.map((m) => m.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(fake.requests).toHaveLength(3);
    expect(capture.lines.find((l) => String(l['msg']).includes('stopped paging messages of #42 after 3 pages'))).toMatchObject({ cursor: 300 });
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

  it('takes a 200 without a body (the spec makes it optional) as a success, not a bad response', async () => {
    fake.on('DELETE', '/api/v1/accounts/1/conversations/42/messages/:id', () => ({ status: 200, body: '' }));
    expect(await rest.deleteMessage(42, 77)).toBeNull();
  });

  it('an HTML answer still points at CHATWOOT_URL; JSON it cannot read says so plainly', async () => {
    fake.on('DELETE', '/api/v1/accounts/1/conversations/42/messages/77', () => ({ status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } }));
    fake.on('DELETE', '/api/v1/accounts/1/conversations/42/messages/78', () => ({ status: 200, json: ['not', 'a', 'message'] }));
    fake.on('DELETE', '/api/v1/accounts/1/conversations/42/messages/79', () => ({ status: 200, body: '{"id": 79, "conte', headers: { 'content-type': 'application/json' } }));
    const html = (await rest.deleteMessage(42, 77).catch((e: unknown) => e)) as Error;
    expect(html.message).toBe(`200 from DELETE ${MESSAGES_PATH}/77: expected JSON, got text/html — check that CHATWOOT_URL points at Chatwoot itself`);
    const shape = (await rest.deleteMessage(42, 78).catch((e: unknown) => e)) as Error;
    expect(shape.message).toBe(`bad response on DELETE ${MESSAGES_PATH}/78: expected a JSON object, got an array — Switchboard could not read this answer from Chatwoot (an unexpected shape; is this Chatwoot version supported?)`);
    const cut = (await rest.deleteMessage(42, 79).catch((e: unknown) => e)) as Error;
    expect(cut.message).toMatch(/the answer is not valid JSON \(cut short\?\) — Switchboard could not read this answer/);
    expect(cut.message).not.toContain('CHATWOOT_URL');
  });

  it('rejects ids that are not positive integers before sending anything', async () => {
    await expect(rest.deleteMessage(42, Number.NaN)).rejects.toThrow(TypeError);
    await expect(rest.listMessages(-1)).rejects.toThrow(/conversationId must be a positive integer/);
    expect(fake.requests).toHaveLength(0);
  });
});
