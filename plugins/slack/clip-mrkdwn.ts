/** Slack refuses `text` over 40 000 characters (`msg_too_long`); this leaves room for a note's header. */
export const SLACK_MAX_TEXT = 39_000;

/**
 * Shortens mrkdwn to `max` characters including `tail`, never cutting through a `<…>` link, an
 * `&amp;`-style escape or a surrogate pair, and closing a code block left open.
 *
 * @example
 * clipMrkdwn('a'.repeat(50_000), 39_000, '… (continued in Chatwoot)'); // → 39 000 characters ending in the tail
 */
export function clipMrkdwn(text: string, max: number, tail: string): string {
  if (text.length <= max) return text;
  const fence = '\n```';
  let cut = Math.max(0, max - tail.length - fence.length);
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && cut - amp < 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  const kept = text.slice(0, cut).trimEnd();
  const unclosedCode = (kept.match(/```/g)?.length ?? 0) % 2 === 1;
  return `${kept}${unclosedCode ? fence : ''}${tail}`;
}
