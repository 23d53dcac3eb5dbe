import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startFakeHttp, type FakeHttp } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { api, conversationPath } from './rest-helpers.ts';
import { cleanups, startSimulator as start } from './simulator-harness.ts';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, any>;
}

async function receiver(status = 200): Promise<FakeHttp<Received>> {
  const target = await startFakeHttp<Received>({ prefix: '/chatwoot', record: (r) => ({ headers: r.headers, raw: r.raw.toString('utf8'), json: JSON.parse(r.raw.toString('utf8')) }) });
  target.on('POST', '', () => ({ status }));
  cleanups.push(() => target.close());
  return target;
}

function verify(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-chatwoot-timestamp']);
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${r.raw}`).digest('hex')}`);
  const given = Buffer.from(String(r.headers['x-chatwoot-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('simulator webhooks (API-channel callback)', () => {
  it('signs every delivery with HMAC-SHA256 over "<timestamp>.<raw body>"', async () => {
    const target = await receiver();
    const sim = await start({ webhook: { url: target.url, secret: 'whsec' } });
    sim.createConversation({ contactName: 'Ada', content: 'hi' });
    await waitFor(() => sim.webhooks.deliveries.length === 2, { what: 'two deliveries' });
    expect(target.requests).toHaveLength(2);
    for (const r of target.requests) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-chatwoot-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Number(r.headers['x-chatwoot-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
      expect(verify('whsec', r)).toBe(true);
      expect(verify('other', r)).toBe(false);
    }
    expect(sim.webhooks.deliveries.map((d) => [d.event, d.status]).sort()).toEqual([
      ['conversation_created', 200],
      ['message_created', 200],
    ]);
    const ids = target.requests.map((r) => r.headers['x-chatwoot-delivery']).sort();
    expect(sim.webhooks.deliveries.map((d) => d.delivery).sort()).toEqual(ids);
  });

  it('uses webhook_data shapes: string message_type, ISO created_at, no status/echo_id, contact without type', async () => {
    const target = await receiver();
    const sim = await start({ webhook: { url: target.url } });
    const { id } = sim.createConversation({ contactName: 'Ada', content: 'line one\\\nline two\n\n' });
    await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: 'reply', echo_id: 'e1', private: true } });
    await waitFor(() => target.requests.length === 3);
    const [conv, incoming, outgoing] = [
      target.requests.find((r) => r.json['event'] === 'conversation_created')!,
      target.requests.find((r) => r.json['event'] === 'message_created' && r.json['message_type'] === 'incoming')!,
      target.requests.find((r) => r.json['event'] === 'message_created' && r.json['message_type'] === 'outgoing')!,
    ];
    expect(conv.headers['x-chatwoot-signature']).toBeUndefined();
    expect(conv.json).toMatchObject({ id, account: { id: 1, name: expect.any(String) }, channel: 'Channel::Api', status: 'open' });
    expect(incoming.json).toMatchObject({
      content: 'line one\nline two',
      account: { id: 1 },
      inbox: { id: 1 },
      conversation: { id, account: { id: 1 } },
      private: false,
      sender: { name: 'Ada', account: { id: 1 } },
    });
    expect(incoming.json['created_at']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(incoming.json).not.toHaveProperty('status');
    expect(incoming.json['sender']).not.toHaveProperty('type');
    expect(outgoing.json).toMatchObject({ private: true, sender: { id: 1, type: 'user', email: 'bot@example.test' } });
    expect(outgoing.json).not.toHaveProperty('echo_id');
  });

  it('sends conversation_status_changed / conversation_updated with changed_attributes, and never activity messages', async () => {
    const target = await receiver();
    const sim = await start({ webhook: { url: target.url } });
    const { id } = sim.createConversation();
    sim.setStatus(id, 'resolved');
    sim.editMessage(id, sim.customerMessage(id, 'x').id, 'y');
    await waitFor(() => sim.webhooks.deliveries.length >= 7, { what: 'deliveries' });
    const events = target.requests.map((r) => r.json['event']).sort();
    expect(events).toEqual([
      'conversation_created',
      'conversation_status_changed',
      'conversation_status_changed',
      'conversation_updated',
      'conversation_updated',
      'message_created',
      'message_updated',
    ]);
    expect(target.requests.every((r) => r.json['message_type'] !== 'activity')).toBe(true);
    const updated = target.requests.find((r) => r.json['event'] === 'conversation_updated' && r.json['status'] === 'resolved');
    expect(updated?.json['changed_attributes']).toEqual([{ status: { previous_value: 'open', current_value: 'resolved' } }]);
    expect(target.requests.find((r) => r.json['event'] === 'conversation_status_changed')?.json['changed_attributes']).toBeNull();
  });

  it('records failures without throwing and marks a failed outgoing message like Chatwoot', async () => {
    const dead = await receiver();
    const deadUrl = dead.url;
    await dead.close();
    const sim = await start({ webhook: { url: deadUrl, secret: 's' } });
    const { id } = sim.createConversation();
    const reply = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: 'are you there?' } });
    expect(reply.status).toBe(200);
    await waitFor(() => sim.messages(id).find((m) => m.id === reply.json.id)?.status === 'failed', { what: 'failed status' });
    expect(sim.messages(id).find((m) => m.id === reply.json.id)?.content_attributes['external_error']).toMatch(/Webhook delivery failed/);
    expect(sim.webhooks.deliveries.some((d) => d.status === 'error')).toBe(true);

    const rejecting = await receiver(500);
    const sim2 = await start({ webhook: { url: rejecting.url } });
    sim2.createConversation({ content: 'incoming stays sent' });
    await waitFor(() => sim2.webhooks.deliveries.length === 2);
    expect(sim2.webhooks.deliveries.every((d) => d.status === 500)).toBe(true);
    expect(sim2.messages(1)[0]?.status).toBe('sent');
  });
});
