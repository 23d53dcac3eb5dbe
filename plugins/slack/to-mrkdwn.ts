import { neutralizeText, unmaskLinks } from '../../src/surface/index.ts';

/**
 * Chatwoot markdown → Slack mrkdwn, and the reverse for replies typed in Slack.
 * Everything is escaped first (`&`, `<`, `>`), so no text can become `<!channel>`, `<@U…>` or a
 * hidden link; only the converter itself writes Slack's `<url|label>` syntax, and only for
 * trusted (agent) text.
 */

/** Slack's three control characters; enough to neutralise every special `<…>` sequence. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface MrkdwnOptions {
  /** Agent text may carry real links; customer text shows the URL in full instead (no hidden targets). */
  trusted: boolean;
}

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s|]+$/i;

/**
 * Converts one Chatwoot message to mrkdwn: bold, italic, strike, headings, lists, links and
 * `[@Name](mention://…)` mentions (→ `@Name`), leaving code untouched.
 *
 * @example
 * toMrkdwn('**Hi** [@Ann](mention://user/3/Ann) <!channel>', { trusted: false });
 * // → '*Hi* @Ann &lt;!channel&gt;'
 */
export function toMrkdwn(markdown: string, options: MrkdwnOptions): string {
  // Chatwoot's websocket content keeps `\` + newline hard breaks. Bidi tricks and invisible
  // characters go; a customer's masked link shows its real target (the same rule as on Discord).
  const visible = neutralizeText(markdown).replace(/\\\r?\n/g, '\n');
  const text = options.trusted ? visible : unmaskLinks(visible);
  // Split out code (``` blocks and `spans`): escaped, never reformatted.
  return text
    .split(/(```[\s\S]*?```|`[^`\n]+`)/g)
    .map((part, index) => (index % 2 === 1 ? escapeMrkdwn(part) : convertProse(part, options)))
    .join('');
}

function convertProse(raw: string, options: MrkdwnOptions): string {
  let text = escapeMrkdwn(raw);
  text = text.replace(/\[@([^\]\n]+)\]\(mention:\/\/[^)\s]*\)/g, (_m, name: string) => `@${name}`);
  text = text.replace(/\[([^\]\n]*)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
    if (!SAFE_URL.test(url) || !options.trusted) return whole;
    return label ? `<${url}|${label.replace(/\|/g, '¦')}>` : `<${url}>`;
  });
  // Bold first, through a placeholder, so the single-asterisk italic rule does not see it.
  const BOLD = '\u0000';
  text = text.replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`).replace(/__(?=\S)([^_\n]*?\S)__/g, `${BOLD}$1${BOLD}`);
  text = text.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1_$2_');
  text = text.replace(/~~(?=\S)([^~\n]*?\S)~~/g, '~$1~');
  text = text.replace(/^#{1,6}\s+(.+)$/gm, `${BOLD}$1${BOLD}`);
  text = text.replace(/^(\s*)[-*+]\s+/gm, '$1• ');
  return text.replace(new RegExp(BOLD, 'g'), '*');
}

/** User ids referenced as `<@U…>` in Slack text, to resolve their names before {@link fromMrkdwn}. */
export function userRefs(text: string): string[] {
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string);
}

/** One `<…>` reference as plain text: people and groups as `@name`, channels as `#name`, links as markdown. */
function reference(inner: string, names: (userId: string) => string | undefined): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1) || undefined;
  if (target.startsWith('@')) return `@${names(target.slice(1)) ?? label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return `@${(label ?? target.slice(1).split('^')[0] ?? '').replace(/^@/, '')}`;
  return label && label !== target ? `[${label}](${target})` : target.replace(/^mailto:/, '');
}

/**
 * Slack message text → Chatwoot markdown: Slack's escapes undone, `<url|label>` → `[label](url)`,
 * `<@U…>` → `@Display Name` (`@U…` when unknown), `<#C…|name>` → `#name`, `<!here>` → `@here`,
 * `*bold*` → `**bold**`, `_it_` → `*it*`. No `<…>` markup survives.
 *
 * @example
 * fromMrkdwn('*Done* see <https://x.test|the doc> &amp; <@U1>', (id) => (id === 'U1' ? 'Ann' : undefined));
 * // → '**Done** see [the doc](https://x.test) & @Ann'
 */
export function fromMrkdwn(text: string, names: (userId: string) => string | undefined = () => undefined): string {
  let out = text.replace(/<([^>\n]+)>/g, (_m, inner: string) => reference(inner, names));
  const BOLD = '\u0000';
  out = out.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, `$1${BOLD}$2${BOLD}`);
  out = out.replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1*$2*');
  out = out.replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1~~$2~~');
  out = out.replace(new RegExp(BOLD, 'g'), '**');
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
