/**
 * Joins typed lines into one entry: a line ending in `\` continues on the next one, and lines of a
 * paste (bracketed paste mode) wait for the Enter that follows it — so a pasted reply is sent
 * whole, as one message, never line by line.
 *
 * @example
 * const entries = createInputAssembler();
 * entries.line('Dear Ada,\\', false); // undefined: continues
 * entries.line('thanks!', false);      // 'Dear Ada,\nthanks!'
 */
export function createInputAssembler() {
  let parts: string[] = [];
  let pasted = false;
  return {
    /** A line readline gave us; returns the finished entry, or undefined while it goes on. */
    line(text: string, pasting: boolean): string | undefined {
      if (pasting) {
        parts.push(text);
        pasted = true;
        return undefined;
      }
      const continued = /(^|[^\\])\\$/.test(text);
      if (continued) {
        parts.push(text.slice(0, -1));
        return undefined;
      }
      if (parts.length === 0) return text;
      // After a paste, a bare Enter sends what was pasted.
      if (!(pasted && text === '')) parts.push(text);
      const entry = parts.join('\n');
      parts = [];
      pasted = false;
      return entry;
    },
    /** True while an entry is being continued (the prompt says so). */
    pending: (): boolean => parts.length > 0,
    /** Lines collected so far (to show how long a pending entry is). */
    size: (): number => parts.reduce((n, p) => n + p.length + 1, 0),
    clear(): void {
      parts = [];
      pasted = false;
    },
  };
}
