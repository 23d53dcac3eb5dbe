import { parseReplyPrefix } from '../../src/surface/index.ts';

/** What a console entry (one line, or several joined) asks for. */
export type ConsoleInput =
  | { kind: 'reply'; conversationId: number; text: string; private: boolean }
  | { kind: 'command'; text: string; conversationId?: number }
  /** `/use 3` sets the current conversation, `/use none` clears it, `/use` shows it. */
  | { kind: 'use'; conversationId?: number | null }
  | { kind: 'help'; topic?: string }
  | { kind: 'expect'; text: string }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string };

export interface ParseOptions {
  /** The conversation set with `/use`: plain text replies to it, commands act on it. */
  current?: number;
  /** Scripts only: `expect <text>` lines and `# comments`. */
  script?: boolean;
}

const HINT = 'type "#<conversation> text" to reply, "/use <conversation>" to pick one, or "/help"';

/**
 * `#42 text` replies, `#42 note: text` (or `private:`, lower case, at the very start) writes a private
 * note, `#42 /resolve` runs a command on #42 (never sent to the customer), `/resolve 42` runs a command,
 * `/use 42` makes #42 current (then plain text replies to it), `help snooze` works without the slash.
 *
 * @example
 * parseInput('#42 note: VIP customer') // { kind: 'reply', conversationId: 42, text: 'VIP customer', private: true }
 * parseInput('thanks!', { current: 7 })  // { kind: 'reply', conversationId: 7, text: 'thanks!', private: false }
 */
export function parseInput(entry: string, options: ParseOptions = {}): ConsoleInput {
  const text = entry.trim();
  if (text === '') return { kind: 'empty' };
  if (options.script && (text === '#' || text.startsWith('# '))) return { kind: 'empty' };
  if (options.script && text.startsWith('expect ')) return { kind: 'expect', text: text.slice('expect '.length).trim() };
  if (text === '/quit' || text === '/exit') return { kind: 'quit' };
  const help = /^\/?help(?:\s+\/?([a-z][a-z0-9-]*))?$/i.exec(text);
  if (help) return help[1] ? { kind: 'help', topic: help[1].toLowerCase() } : { kind: 'help' };
  const use = /^\/use(?:\s+(.*))?$/.exec(text);
  if (use) return parseUse(use[1]?.trim() ?? '');
  if (text.startsWith('/')) {
    const command = text.slice(1).trim();
    return options.current === undefined ? { kind: 'command', text: command } : { kind: 'command', text: command, conversationId: options.current };
  }
  const addressed = /^#(\d+)(?:\s+([\s\S]*))?$/.exec(text);
  if (addressed) {
    const conversationId = Number(addressed[1]);
    const body = addressed[2] ?? '';
    if (!Number.isSafeInteger(conversationId) || conversationId <= 0) return { kind: 'invalid', reason: `"#${addressed[1]}" is not a conversation number` };
    if (body.startsWith('/')) return { kind: 'command', text: body.slice(1).trim(), conversationId };
    return reply(conversationId, body);
  }
  if (options.current !== undefined) return reply(options.current, text);
  return { kind: 'invalid', reason: HINT };
}

function parseUse(argument: string): ConsoleInput {
  if (argument === '') return { kind: 'use' };
  if (/^(none|-|off)$/i.test(argument)) return { kind: 'use', conversationId: null };
  const id = /^#?(\d+)$/.exec(argument);
  const n = Number(id?.[1]);
  if (!id || !Number.isSafeInteger(n) || n <= 0) return { kind: 'invalid', reason: 'use "/use <conversation number>", or "/use none"' };
  return { kind: 'use', conversationId: n };
}

function reply(conversationId: number, body: string): ConsoleInput {
  // The kit's one parser, as on Slack and Discord; the console always defaults to replies.
  const parsed = parseReplyPrefix(body, false);
  if (parsed.text.trim() === '') return { kind: 'invalid', reason: 'nothing to send' };
  return { kind: 'reply', conversationId, text: parsed.text, private: parsed.note };
}
