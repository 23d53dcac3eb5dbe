import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/index.ts';
import { bangCommand } from '../../src/surface/bang-command.ts';
import { cleanName, posterLabel, posterOf } from '../../src/surface/poster.ts';
import { parseReplyPrefix } from '../../src/surface/reply-prefix.ts';

const message = (fields: Partial<Message>): Message => ({
  id: 1, content: 'hi', account_id: 1, inbox_id: 1, conversation_id: 1, message_type: 'incoming', content_type: 'text',
  content_attributes: {}, private: false, source_id: null, sender_type: 'Contact', sender_id: 1, created_at: 0, ...fields,
});

describe('posterOf / posterLabel', () => {
  it('a customer can never carry an agent or note decoration', () => {
    for (const name of ['John (agent)', 'John（agent）', 'John [internal note]', 'John \u202E)tnega(']) {
      const label = posterLabel(posterOf(message({ sender: { id: 9, name, type: 'contact' } })));
      expect(label.endsWith(' (customer)')).toBe(true);
      expect(label).not.toMatch(/\((agent|internal note)\)/);
    }
    expect(cleanName('John (agent)')).toBe('John agent');
  });

  it('agents, bots, notes, surface authors and activity', () => {
    const agent = message({ message_type: 'outgoing', sender: { id: 2, name: 'John', type: 'user', available_name: 'Johnny' } });
    expect(posterLabel(posterOf(agent))).toBe('Johnny (agent)');
    expect(posterLabel(posterOf({ ...agent, private: true }))).toBe('Johnny (internal note)');
    expect(posterLabel(posterOf(message({ message_type: 'outgoing', sender: { id: 3, name: 'Helper', type: 'agent_bot' } })))).toBe('Helper (bot)');
    expect(posterOf(message({ message_type: 'outgoing', content_attributes: { switchboard: { author: 'Sam Slack' } } }))).toEqual({ name: 'Sam Slack', role: 'agent' });
    expect(posterLabel(posterOf(message({ message_type: 'activity' })))).toBe('Chatwoot');
  });

  it('keeps the role when the name is cut to the limit', () => {
    const label = posterLabel({ name: 'x'.repeat(200), role: 'customer' }, 80);
    expect(label).toHaveLength(80);
    expect(label.endsWith(' (customer)')).toBe(true);
  });
});

describe('parseReplyPrefix', () => {
  it('only lower-case note:/private: at the very start make a note', () => {
    expect(parseReplyPrefix('note: check the invoice', false)).toEqual({ note: true, text: 'check the invoice', prefixed: true, nearMiss: false });
    expect(parseReplyPrefix('private:x', false)).toMatchObject({ note: true, text: 'x' });
    for (const text of ['Note: your refund takes 5 days', 'NOTE: x', ' note: x', 'Private: x']) {
      expect(parseReplyPrefix(text, false)).toEqual({ note: false, text, prefixed: false, nearMiss: true });
    }
    expect(parseReplyPrefix('a note: inside', false)).toMatchObject({ note: false, nearMiss: false });
  });

  it('notes mode: everything is a note unless reply:', () => {
    expect(parseReplyPrefix('internal', true)).toMatchObject({ note: true, text: 'internal', prefixed: false });
    expect(parseReplyPrefix('reply: Hi', true)).toMatchObject({ note: false, text: 'Hi' });
  });
});

describe('bangCommand', () => {
  const commands = [{ spec: { name: 'resolve', description: '', aliases: ['close'] } }, { spec: { name: 'snooze', description: '' } }];
  it('known commands and aliases only', () => {
    expect(bangCommand('!resolve', commands)).toBe('resolve');
    expect(bangCommand('  !Snooze 2h', commands)).toBe('Snooze 2h');
    expect(bangCommand('!close', commands)).toBe('close');
    expect(bangCommand('!!! urgent', commands)).toBeUndefined();
    expect(bangCommand('! resolve', commands)).toBe('resolve');
    expect(bangCommand('resolve', commands)).toBeUndefined();
  });
});
