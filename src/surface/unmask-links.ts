/**
 * `[label](url)`, `[label](<url>)` and `[label](url "title")`: markdown links whose visible label
 * can hide another target — Discord renders them as masked links, and a label that is itself a
 * URL (`[https://bank.example.com](https://evil.example/phish)`) is the phishing classic.
 */
const MASKED_LINK = /\[([^[\]\n]*)\]\(\s*<?([^()<>\s]+(?:\([^()\s]*\)[^()<>\s]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;
/** Code is shown as typed, so links inside it are left alone. */
const CODE = /(```[\s\S]*?```|`[^`\n]+`)/;

/**
 * Rewrites masked links in untrusted text so the real target is always visible: `label (url)`, or
 * just `url` when the label is empty or the same address. Nested tricks are unwrapped too; code
 * spans and blocks are left as typed.
 *
 * @example
 * unmaskLinks('[https://bank.example.com](https://evil.example/phish)');
 * // 'https://bank.example.com (https://evil.example/phish)'
 * unmaskLinks('[click](<https://evil.example>)'); // 'click (https://evil.example)'
 */
export function unmaskLinks(text: string): string {
  if (!text.includes('](')) return text;
  return text
    .split(CODE)
    .map((part, index) => (index % 2 === 1 ? part : unmaskProse(part)))
    .join('');
}

function unmaskProse(prose: string): string {
  let out = prose;
  // Each pass unwraps one level of nesting; a handful is plenty, and the loop always ends.
  for (let pass = 0; pass < 8 && out.includes(']('); pass += 1) {
    const next = out.replace(MASKED_LINK, (_whole, label: string, url: string) => {
      const shown = label.trim();
      return shown === '' || sameAddress(shown, url) ? url : `${shown} (${url})`;
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

function sameAddress(label: string, url: string): boolean {
  const bare = (s: string) => s.replace(/^<|>$/g, '').replace(/\/+$/, '').toLowerCase();
  return bare(label) === bare(url);
}
