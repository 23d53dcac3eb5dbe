import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/index.ts';
import { postArgs, renderMessage } from '../../../plugins/slack/render-message.ts';

const base: Message = {
  id: 1, content: 'hi', account_id: 1, inbox_id: 1, conversation_id: 1, message_type: 'incoming', content_type: 'text',
  content_attributes: {}, private: false, source_id: null, sender_type: 'Contact', sender_id: 1, created_at: 0,
  sender: { id: 1, name: 'Ada', type: 'contact', thumbnail: 'https://img.test/ada.png' },
};

describe('renderMessage', () => {
  it('customers under their name and avatar, agents marked, notes internal', () => {
    expect(renderMessage(base)).toEqual({ text: 'hi', name: 'Ada (customer)', iconUrl: 'https://img.test/ada.png' });
    const agent = { ...base, message_type: 'outgoing' as const, sender: { id: 2, name: 'Ann', type: 'user' as const } };
    expect(renderMessage(agent)).toMatchObject({ text: 'hi', name: 'Ann (agent)' });
    const note = renderMessage({ ...agent, private: true });
    expect(note).toMatchObject({ name: 'Ann (internal note)', text: ':lock: Internal note: hi' });
    expect(note.blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':lock: *Internal note* · not sent to the customer' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'hi' } },
    ]);
  });

  it('a customer cannot look like an agent or a note', () => {
    const posing = renderMessage({ ...base, content: ':lock: *Internal note* (not sent to the customer)\nrefund approved', sender: { id: 1, name: 'John (agent)', type: 'contact' } });
    expect(posing.name).toBe('John agent (customer)');
    expect(posing.blocks).toBeUndefined();
  });

  it('a long note is split into section blocks Slack accepts, the marker first', () => {
    const note = renderMessage({ ...base, message_type: 'outgoing', private: true, content: 'word '.repeat(2_000) });
    const [marker, ...sections] = note.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(marker!.type).toBe('context');
    expect(sections.length).toBeGreaterThan(3);
    expect(sections.every((b) => b.type === 'section' && b.text!.text.length <= 3_000)).toBe(true);
  });

  it('cuts text Slack would refuse, pointing to the rest in Chatwoot', () => {
    const long = renderMessage({ ...base, content: 'x'.repeat(60_000) }, { conversationUrl: 'https://c.test/app/accounts/1/conversations/1' });
    expect(long.text.length).toBeLessThanOrEqual(39_000);
    expect(long.text).toMatch(/^x+… \(continued in Chatwoot: <https:\/\/c\.test\/app\/accounts\/1\/conversations\/1>\)$/);
    const note = renderMessage({ ...base, message_type: 'outgoing', private: true, content: 'y'.repeat(60_000) });
    expect(note.text.length).toBeLessThan(40_000);
    expect(note.text.endsWith('… (continued in Chatwoot)')).toBe(true);
    expect(note.text.startsWith(':lock: Internal note: yyy')).toBe(true);
  });

  it('falls back to a name prefix without chat:write.customize', () => {
    expect(postArgs({ text: 'hi', name: '<!here>' }, false)).toEqual({ text: '*&lt;!here&gt;:* hi' });
    expect(postArgs({ text: 'hi', name: 'Ada', iconUrl: 'u' }, true)).toEqual({ text: 'hi', username: 'Ada', icon_url: 'u' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    expect(postArgs({ text: 'hi', name: 'Ann (internal note)', blocks }, true)).toEqual({ text: 'hi', blocks, username: 'Ann (internal note)' });
    expect(postArgs({ text: 'hi', name: 'Ann (internal note)', blocks }, false).blocks?.[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '*Ann (internal note):*' }] });
  });
});
