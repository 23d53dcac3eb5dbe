import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../src/core/commands/command-types.ts';
import { compileCommandSpec } from '../../../src/core/commands/compile-command-spec.ts';
import { parseCommandArgs, parseConversationId } from '../../../src/core/commands/parse-command-args.ts';
import { tokenizeCommand } from '../../../src/core/commands/tokenize-command.ts';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function parse(spec: Omit<CommandSpec, 'description'>, text: string) {
  const compiled = compileCommandSpec('test', { description: 'd', ...spec });
  return parseCommandArgs(compiled.params, text, tokenizeCommand(text).slice(1), () => NOW);
}

const reply: Omit<CommandSpec, 'description'> = {
  name: 'reply',
  args: [{ name: 'conversation', type: 'conversation' }, { name: 'text', type: 'rest', required: true }],
  conversation: 'required',
};
const snooze: Omit<CommandSpec, 'description'> = { name: 'snooze', args: [{ name: 'duration', type: 'duration', required: true }], conversation: 'required' };

describe('parseConversationId', () => {
  it('reads 42 and #42, nothing else', () => {
    expect(parseConversationId('42')).toBe(42);
    expect(parseConversationId('#42')).toBe(42);
    for (const bad of ['0', '#', '4 2', '42a', '-3', '1.5', '##4', '9999999999999999']) expect(parseConversationId(bad)).toBeUndefined();
  });
});

describe('parseCommandArgs', () => {
  it('takes a leading conversation number when the spec declares one first', () => {
    expect(parse(reply, 'reply 42 hello world')).toEqual({ ok: true, args: { conversation: 42, text: 'hello world' }, conversationId: 42 });
    expect(parse(reply, 'reply #42 hello')).toEqual({ ok: true, args: { conversation: 42, text: 'hello' }, conversationId: 42 });
  });

  it('leaves the text alone when the first word is not a conversation number', () => {
    expect(parse(reply, 'reply hello world')).toEqual({ ok: true, args: { text: 'hello world' } });
  });

  it('sends a lone number as the text rather than leaving the text empty', () => {
    expect(parse(reply, 'reply 42')).toEqual({ ok: true, args: { text: '42' } });
  });

  it('keeps the rest verbatim: spacing, apostrophes, inner quotes, newlines', () => {
    const text = `reply 42 I don't   know "exactly"\nbye`;
    expect(parse(reply, text)).toMatchObject({ ok: true, args: { text: `I don't   know "exactly"\nbye` } });
  });

  it('drops quotes that wrap the whole rest', () => {
    expect(parse(reply, 'reply 42 "hello world"')).toMatchObject({ args: { text: 'hello world' } });
  });

  it('accepts a trailing conversation number the spec did not declare', () => {
    expect(parse(snooze, 'snooze 2h 42')).toEqual({ ok: true, args: { duration: 7200, conversation: 42 }, conversationId: 42 });
    expect(parse(snooze, 'snooze 2h')).toEqual({ ok: true, args: { duration: 7200 } });
    expect(parse({ name: 'resolve', conversation: 'required' }, 'resolve #7')).toMatchObject({ conversationId: 7 });
  });

  it('groups quoted words into one string argument', () => {
    const spec = { name: 'tag', args: [{ name: 'a', required: true }, { name: 'b' }] };
    expect(parse(spec, `tag "needs review" 'x y'`)).toEqual({ ok: true, args: { a: 'needs review', b: 'x y' } });
  });

  it('reads numbers and matches choices case-insensitively in their declared spelling', () => {
    const spec = { name: 'pick', args: [{ name: 'which', choices: ['Open', 'mine'] }, { name: 'n', type: 'number' as const }] };
    expect(parse(spec, 'pick OPEN 3.5')).toEqual({ ok: true, args: { which: 'Open', n: 3.5 } });
    expect(parse(spec, 'pick -2')).toEqual({ ok: true, args: { n: -2 } });
  });

  it('explains what is wrong', () => {
    expect(parse(snooze, 'snooze')).toEqual({ ok: false, problem: 'missing <duration>' });
    expect(parse(snooze, 'snooze soon')).toEqual({ ok: false, problem: expect.stringContaining('"soon" is not a duration') });
    expect(parse(snooze, 'snooze 42')).toEqual({ ok: false, problem: expect.stringContaining('"42" is not a duration') });
    expect(parse(snooze, 'snooze 2h 42 extra')).toEqual({ ok: false, problem: 'unexpected "extra"' });
    expect(parse(snooze, 'snooze 2h x42')).toEqual({ ok: false, problem: '"x42" is not a conversation number (like 42 or #42)' });
    expect(parse(reply, 'reply')).toEqual({ ok: false, problem: 'missing <text>' });
    const list = { name: 'list', args: [{ name: 'which', choices: ['open', 'mine'] }] };
    expect(parse(list, 'list closed')).toEqual({ ok: false, problem: '"closed" is not one of: open, mine' });
    expect(parse({ name: 'n', args: [{ name: 'n', type: 'number', required: true }] }, 'n five')).toEqual({ ok: false, problem: '"five" is not a number' });
  });

  it('does not resolve a conversation for commands that want none', () => {
    const spec = { name: 'merge', conversation: 'none' as const, args: [{ name: 'into', type: 'conversation' as const, required: true }] };
    expect(parse(spec, 'merge 5')).toEqual({ ok: true, args: { into: 5 } });
    expect(parse(spec, 'merge')).toEqual({ ok: false, problem: 'missing <into>' });
  });

  it('stays fast with many optional arguments that cannot all fit', () => {
    const args = Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, type: 'number' as const }));
    const text = `many ${Array.from({ length: 30 }, (_, i) => String(i)).join(' ')} x`;
    expect(parse({ name: 'many', args }, text)).toEqual({ ok: false, problem: 'unexpected "x"' });
  });
});
