/** What tab completion can offer. */
export interface CompletionSource {
  /** Command names without the slash (registry commands and the console's own). */
  commands: readonly string[];
  /** Conversation numbers seen so far. */
  conversations: readonly number[];
}

/**
 * readline's completer: `/res⇥` → `/resolve`, `#1⇥` → `#12`, `help sn⇥` → `help snooze`, and a
 * number after a command (`/resolve 1⇥`). Returns the candidates and the part of the line they replace.
 *
 * @example
 * completeInput('/sno', { commands: ['snooze', 'show'], conversations: [] }); // [['/snooze'], '/sno']
 */
export function completeInput(line: string, source: CompletionSource): [string[], string] {
  const commands = [...new Set(source.commands)].sort();
  const ids = [...new Set(source.conversations)].sort((a, b) => a - b).map(String);
  const word = /(\S*)$/.exec(line)?.[1] ?? '';
  const words = line.trimStart().split(/\s+/);
  const match = (candidates: string[], prefix: string) => candidates.filter((c) => c.startsWith(prefix));

  if (words.length === 1 && word.startsWith('/')) return [match(commands.map((c) => `/${c}`), word), word];
  if (words.length === 2 && /^\/?help$/.test(words[0] ?? '')) return [match(commands, word), word];
  if (word.startsWith('#')) return [match(ids.map((id) => `#${id}`), word), word];
  const inCommand = line.trimStart().startsWith('/') || /^#\d+\s+\//.test(line.trimStart());
  if (inCommand && words.length > 1 && /^\d*$/.test(word)) return [match(ids, word), word];
  return [[], word];
}
