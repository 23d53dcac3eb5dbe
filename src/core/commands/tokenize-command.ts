export interface Token {
  /** The word with grouping quotes removed. */
  value: string;
  /** Offset of the token's first character (an opening quote included) in the text. */
  start: number;
  /** True when the whole token was one quoted group (`"hello world"`). */
  quoted: boolean;
}

// Straight quotes, plus the curly pairs that phones and macOS substitute as people type.
const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '\u201C': '\u201D', '\u2018': '\u2019' };

const isSpace = (char: string) => /\s/.test(char);

/**
 * Splits command text into words; quotes group words. A quote only opens at the start of a word and
 * only when it is closed later, so apostrophes in ordinary text (`don't`) stay literal.
 *
 * @example
 * tokenizeCommand(`label "needs review" vip`).map((t) => t.value); // ['label', 'needs review', 'vip']
 */
export function tokenizeCommand(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i] as string)) i += 1;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let groups = 0;
    let literal = false;
    while (i < text.length && !isSpace(text[i] as string)) {
      const char = text[i] as string;
      const close = QUOTE_PAIRS[char];
      const end = close !== undefined && (i === start || groups > 0) ? text.indexOf(close, i + 1) : -1;
      if (end > i) {
        value += text.slice(i + 1, end);
        groups += 1;
        i = end + 1;
      } else {
        value += char;
        literal = true;
        i += 1;
      }
    }
    tokens.push({ value, start, quoted: groups === 1 && !literal });
  }
  return tokens;
}
