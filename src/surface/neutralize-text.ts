/**
 * Unicode that changes how text *looks* without being text: the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) that turn `invoice ‮fdp.exe` into "invoice exe.pdf",
 * invisible characters (zero-width space, word joiner, BOM, Mongolian vowel separator, invisible
 * operators, soft hyphen, Hangul fillers), and control characters other than tab and newline.
 * The directional marks (LRM, RLM, ALM) stay: they cannot reorder letters, and RTL text needs them.
 */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u180E\u00AD\u115F\u1160\u3164\uFFA0\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * The joiners (ZWNJ U+200C, ZWJ U+200D) are letters' business in Persian, Arabic and Indic
 * scripts and glue emoji sequences (👩‍💻): kept between two letters, marks or emoji, dropped
 * anywhere else (where they only hide things, e.g. inside a name that looks like another).
 */
const STRAY_JOINER = /(?<![\p{L}\p{M}\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}\p{Extended_Pictographic}])/gu;

/**
 * Makes customer-controlled text (messages, names, file names) show what it is: bidi controls and
 * invisible characters are removed; Arabic, Hebrew and other right-to-left scripts, emoji and
 * ordinary whitespace are kept as they are.
 *
 * @example
 * neutralizeText('invoice \u202Efdp.exe'); // 'invoice fdp.exe'
 * neutralizeText('مرحبا بالعالم');          // unchanged
 */
export function neutralizeText(text: string): string {
  // Cheap exit for the common case: plain text has none of these.
  if (!/[\u0000-\u001F\u007F-\u00AD\u115F\u1160\u180E\u200B-\u200D\u202A-\u202E\u2060-\u2069\u3164\uFEFF\uFFA0]/.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').replace(HIDDEN, (ch) => (ch === '\t' || ch === '\n' ? ch : '')).replace(STRAY_JOINER, '');
}
