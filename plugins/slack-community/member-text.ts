/**
 * A member's Slack message text as Chatwoot shows it, kept as they wrote it: Slack's `&amp;`,
 * `&lt;`, `&gt;` undone and its `<…>` references made readable — people `@Name`, channels `#name`,
 * `<!here>` `@here`, a link with a label `label (url)` (never a hidden target in the dashboard).
 * Their own formatting characters (`*bold*`, `_it_`) stay as typed; no markup is added.
 *
 * @example
 * memberText('Hi <@U1> see <https://x.test|the doc> &amp; *this*', (id) => (id === 'U1' ? 'Ann' : undefined));
 * // → 'Hi @Ann see the doc (https://x.test) & *this*'
 */
export function memberText(text: string, names: (userId: string) => string | undefined = () => undefined): string {
  const out = text.replace(/<([^>\n]+)>/g, (_m, inner: string) => reference(inner, names));
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function reference(inner: string, names: (userId: string) => string | undefined): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1) || undefined;
  if (target.startsWith('@')) return `@${names(target.slice(1)) ?? label?.replace(/^@/, '') ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return `@${(label ?? target.slice(1).split('^')[0] ?? '').replace(/^@/, '')}`;
  const url = target.replace(/^mailto:/, '');
  return label && label !== target && label !== url ? `${label} (${url})` : url;
}
