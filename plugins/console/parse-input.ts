/** What a console line asks for. */
export type ConsoleInput =
  | { kind: 'reply'; conversationId: number; text: string; private: boolean }
  | { kind: 'command'; text: string }
  | { kind: 'expect'; text: string }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string };

/**
 * `#42 text` replies, `#42 note: text` (or `private:`) writes a private note, `/resolve 42` runs a
 * command; in scripts `expect <text>` waits for output containing text, and `#` comments are skipped.
 *
 * @example
 * parseInput('#42 note: VIP customer') // { kind: 'reply', conversationId: 42, text: 'VIP customer', private: true }
 */
export function parseInput(line: string): ConsoleInput {
  const text = line.trim();
  if (text === '' || text.startsWith('# ') || text === '#') return { kind: 'empty' };
  if (text === '/quit' || text === '/exit') return { kind: 'quit' };
  if (text.startsWith('/')) return { kind: 'command', text: text.slice(1).trim() };
  if (text.startsWith('expect ')) return { kind: 'expect', text: text.slice('expect '.length).trim() };
  const reply = /^#(\d+)\s+([\s\S]+)$/.exec(text);
  if (reply) {
    const body = reply[2] ?? '';
    const note = /^(note|private):\s*/i.exec(body);
    const content = note ? body.slice(note[0].length) : body;
    if (content.trim() === '') return { kind: 'invalid', reason: 'nothing to send' };
    return { kind: 'reply', conversationId: Number(reply[1]), text: content, private: Boolean(note) };
  }
  return { kind: 'invalid', reason: 'type "#<conversation> text" to reply, "#<conversation> note: text" for a private note, or "/help"' };
}
