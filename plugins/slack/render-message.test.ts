import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/index.ts';
import { postArgs, renderMessage } from './render-message.ts';

const base: Message = {
  id: 1, content: 'hi', account_id: 1, inbox_id: 1, conversation_id: 1, message_type: 'incoming', content_type: 'text',
  content_attributes: {}, private: false, source_id: null, sender_type: 'Contact', sender_id: 1, created_at: 0,
  sender: { id: 1, name: 'Ada', type: 'contact', thumbnail: 'https://img.test/ada.png' },
};

describe('renderMessage', () => {
  it('customers under their name and avatar, agents marked, notes internal', () => {
    expect(renderMessage(base)).toEqual({ text: 'hi', name: 'Ada', iconUrl: 'https://img.test/ada.png' });
    const agent = { ...base, message_type: 'outgoing' as const, sender: { id: 2, name: 'Ann', type: 'user' as const } };
    expect(renderMessage(agent)).toMatchObject({ text: 'hi', name: 'Ann (agent)' });
    expect(renderMessage({ ...agent, private: true }).text).toMatch(/^:lock: \*Internal note\*/);
  });

  it('cuts text Slack would refuse, pointing to the rest in Chatwoot', () => {
    const long = renderMessage({ ...base, content: 'x'.repeat(60_000) }, { conversationUrl: 'https://c.test/app/accounts/1/conversations/1' });
    expect(long.text.length).toBeLessThanOrEqual(39_000);
    expect(long.text).toMatch(/^x+… \(continued in Chatwoot: <https:\/\/c\.test\/app\/accounts\/1\/conversations\/1>\)$/);
    const note = renderMessage({ ...base, message_type: 'outgoing', private: true, content: 'y'.repeat(60_000) });
    expect(note.text.length).toBeLessThan(40_000);
    expect(note.text.endsWith('… (continued in Chatwoot)')).toBe(true);
  });

  it('falls back to a name prefix without chat:write.customize', () => {
    expect(postArgs({ text: 'hi', name: '<!here>' }, false)).toEqual({ text: '*&lt;!here&gt;:* hi' });
    expect(postArgs({ text: 'hi', name: 'Ada', iconUrl: 'u' }, true)).toEqual({ text: 'hi', username: 'Ada', icon_url: 'u' });
  });
});
