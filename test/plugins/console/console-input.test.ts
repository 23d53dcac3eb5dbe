import { describe, expect, it } from 'vitest';
import type { PluginContext } from '../../../src/index.ts';
import { completeInput } from '../../../plugins/console/complete-input.ts';
import { formatEvent } from '../../../plugins/console/format-event.ts';
import type { ConsoleSession } from '../../../plugins/console/deps.ts';
import { handleEntry } from '../../../plugins/console/to-chatwoot.ts';
import { createInputAssembler } from '../../../plugins/console/input-assembler.ts';
import { parseInput } from '../../../plugins/console/parse-input.ts';
import { terminalSafe } from '../../../plugins/console/terminal-safe.ts';

describe('parseInput', () => {
  it('replies, notes (lower-case prefix only) and commands addressed to a conversation', () => {
    expect(parseInput('#42 hello')).toEqual({ kind: 'reply', conversationId: 42, text: 'hello', private: false });
    expect(parseInput('#42 note: VIP')).toEqual({ kind: 'reply', conversationId: 42, text: 'VIP', private: true });
    expect(parseInput('#42 private: VIP')).toMatchObject({ private: true });
    expect(parseInput('#42 Note: your refund takes 5 days')).toEqual({ kind: 'reply', conversationId: 42, text: 'Note: your refund takes 5 days', private: false });
    expect(parseInput('#3 /resolve')).toEqual({ kind: 'command', text: 'resolve', conversationId: 3 });
    expect(parseInput('#3 note:')).toEqual({ kind: 'invalid', reason: 'nothing to send' });
  });

  it('/use makes plain text a reply and commands act on the current conversation', () => {
    expect(parseInput('/use 3')).toEqual({ kind: 'use', conversationId: 3 });
    expect(parseInput('/use #3')).toEqual({ kind: 'use', conversationId: 3 });
    expect(parseInput('/use none')).toEqual({ kind: 'use', conversationId: null });
    expect(parseInput('/use')).toEqual({ kind: 'use' });
    expect(parseInput('/use abc')).toMatchObject({ kind: 'invalid' });
    expect(parseInput('thanks!', { current: 7 })).toEqual({ kind: 'reply', conversationId: 7, text: 'thanks!', private: false });
    expect(parseInput('/resolve', { current: 7 })).toEqual({ kind: 'command', text: 'resolve', conversationId: 7 });
    expect(parseInput('#8 hi', { current: 7 })).toMatchObject({ conversationId: 8 });
    expect(parseInput('thanks!')).toMatchObject({ kind: 'invalid' });
  });

  it('help with or without the slash, /quit, and script-only lines', () => {
    expect(parseInput('help snooze')).toEqual({ kind: 'help', topic: 'snooze' });
    expect(parseInput('/help /snooze')).toEqual({ kind: 'help', topic: 'snooze' });
    expect(parseInput('help')).toEqual({ kind: 'help' });
    expect(parseInput('help me please', { current: 1 })).toMatchObject({ kind: 'reply' });
    expect(parseInput('/quit')).toEqual({ kind: 'quit' });
    expect(parseInput('expect x', { script: true })).toEqual({ kind: 'expect', text: 'x' });
    expect(parseInput('expect x', { current: 2 })).toMatchObject({ kind: 'reply' });
    expect(parseInput('# a comment', { script: true })).toEqual({ kind: 'empty' });
  });

  it('keeps a multi-line entry whole', () => {
    expect(parseInput('#1 Dear Ada,\nall fixed.')).toEqual({ kind: 'reply', conversationId: 1, text: 'Dear Ada,\nall fixed.', private: false });
  });
});

describe('completeInput', () => {
  const source = { commands: ['resolve', 'reopen', 'snooze', 'show', 'use'], conversations: [12, 3, 1] };
  it('completes command names, conversation numbers and help topics', () => {
    expect(completeInput('/res', source)).toEqual([['/resolve'], '/res']);
    expect(completeInput('/s', source)).toEqual([['/show', '/snooze'], '/s']);
    expect(completeInput('#1', source)).toEqual([['#1', '#12'], '#1']);
    expect(completeInput('/resolve ', source)).toEqual([['1', '3', '12'], '']);
    expect(completeInput('#3 /sn', source)).toEqual([[], '/sn']);
    expect(completeInput('help sn', source)).toEqual([['snooze'], 'sn']);
    expect(completeInput('hello th', source)).toEqual([[], 'th']);
  });
});

describe('input assembler', () => {
  it('continues a line ending in a backslash', () => {
    const entries = createInputAssembler();
    expect(entries.line('Dear Ada,\\', false)).toBeUndefined();
    expect(entries.pending()).toBe(true);
    expect(entries.line('thanks!', false)).toBe('Dear Ada,\nthanks!');
    expect(entries.pending()).toBe(false);
    expect(entries.line('a literal \\\\', false)).toBe('a literal \\\\');
  });

  it('holds pasted lines until the Enter after the paste', () => {
    const entries = createInputAssembler();
    expect(entries.line('line 1', true)).toBeUndefined();
    expect(entries.line('line 2', true)).toBeUndefined();
    expect(entries.line('', false)).toBe('line 1\nline 2');
    expect(entries.line('x', true)).toBeUndefined();
    expect(entries.line('tail typed after', false)).toBe('x\ntail typed after');
  });
});

describe('terminal safety', () => {
  it('strips escape sequences, control characters and bidi overrides, keeping newlines and RTL text', () => {
    expect(terminalSafe('Eve\x1b[2J\x1b[31m!\x1b[0m')).toBe('Eve!');
    expect(terminalSafe('title\x1b]0;pwned\x07 link \x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\')).toBe('title link x');
    expect(terminalSafe('bell\x07 nul\x00 c1\x9b2J')).toBe('bell nul c1');
    expect(terminalSafe('invoice \u202Efdp.exe')).toBe('invoice fdp.exe');
    expect(terminalSafe('שלום مرحبا\nline 2\tend')).toBe('שלום مرحبا\nline 2 end');
  });

  it('formatEvent cleans names and text from Chatwoot', () => {
    const line = formatEvent({
      name: 'conversation.created',
      conversationId: 5,
      conversation: { id: 5, account_id: 1, inbox_id: 1, status: 'open', meta: { sender: { id: 1, name: 'Eve\x1b[2J', email: 'e@x\x1b[31m', type: 'contact' } } },
    } as never);
    expect(line).toBe('── #5 opened by Eve <e@x> (open)');
  });
});

describe('handleEntry', () => {
  const session = (): ConsoleSession & { printed: string[] } => {
    const printed: string[] = [];
    return { current: undefined, setCurrent() {}, print: (text) => void printed.push(text), quit() {}, printed };
  };

  it('refuses a reply Chatwoot would refuse, saying why, and sends nothing', async () => {
    const sent: string[] = [];
    const ctx = { chatwoot: { reply: async (_id: number, text: string) => void sent.push(text) } } as unknown as PluginContext<unknown>;
    const s = session();
    await handleEntry(ctx, s, { kind: 'reply', conversationId: 1, text: 'x'.repeat(150_001), private: false });
    expect(sent).toEqual([]);
    expect(s.printed).toEqual(['✗ not sent: the message is 150,001 characters long and Chatwoot accepts at most 150,000 — split it']);
    await handleEntry(ctx, s, { kind: 'reply', conversationId: 1, text: 'x'.repeat(150_000), private: false });
    expect(sent).toHaveLength(1);
  });
});
