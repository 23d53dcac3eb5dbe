/**
 * Where `text` may be cut at or before `max`: never inside a `<…>` reference (Slack links,
 * Discord mentions and `<url>`s), an `&amp;`-style escape or a surrogate pair.
 */
function safeCut(text: string, max: number): number {
  let cut = Math.max(0, max);
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.lastIndexOf('>', cut - 1) < open && text.indexOf('>', open) >= cut) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && cut - amp < 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return cut;
}

const FENCE = '\n```';
const openFence = (text: string) => (text.match(/```/g)?.length ?? 0) % 2 === 1;

/**
 * Shortens text to `max` characters including `tail`, at a safe place (see above), closing a code
 * block it cut open. Slack's 40 000 and Discord's 2 000 characters both go through here.
 *
 * @example
 * clipText('a'.repeat(50_000), 39_000, '… (continued in Chatwoot)'); // 39 000 characters ending in the tail
 */
export function clipText(text: string, max: number, tail: string): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, safeCut(text, max - tail.length - FENCE.length)).trimEnd();
  return `${kept}${openFence(kept) ? FENCE : ''}${tail}`;
}

/**
 * Splits text into pieces of at most `size` characters, preferring line breaks, then spaces, and
 * never cutting at an unsafe place; a code block cut in two is closed and reopened.
 *
 * @example
 * chunkText('line one\nline two', 10); // ['line one', 'line two']
 */
export function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  let reopen = false;
  while (rest.length > 0) {
    const head = reopen ? '```\n' : '';
    const room = size - head.length - FENCE.length;
    if (head.length + rest.length <= size) {
      chunks.push(head + rest);
      break;
    }
    let cut = safeCut(rest, room);
    const window = rest.slice(0, cut);
    const soft = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (soft > room / 2) cut = soft + 1;
    if (cut <= 0) cut = room; // one unbreakable reference longer than a chunk: cut it anyway
    const piece = head + rest.slice(0, cut).trimEnd();
    reopen = openFence(piece);
    chunks.push(reopen ? piece + FENCE : piece);
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  return chunks;
}
