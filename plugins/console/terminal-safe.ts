import { stripVTControlCharacters } from 'node:util';

// C0 controls but \n, DEL and C1 controls; bidi embeddings, overrides and isolates (they reorder
// what follows them on the screen: `invoice ‮fdp.exe`).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from Chatwoot or from the user made safe to print in a terminal: escape sequences (colours,
 * cursor moves, screen clears, OSC titles and links) and other control characters are removed, so
 * a contact named `Eve\x1b[2J` cannot clear an agent's screen. Newlines stay; a tab becomes a space.
 *
 * @example
 * terminalSafe('Eve\x1b[2J\x1b[31m!'); // 'Eve!'
 */
export function terminalSafe(text: string): string {
  return stripVTControlCharacters(text).replace(/\t/g, ' ').replace(CONTROLS, '');
}

/** Terminal-safe and on one line: newlines become ` ⏎ `. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/\s*\n\s*/g, ' ⏎ ').trim();
}
