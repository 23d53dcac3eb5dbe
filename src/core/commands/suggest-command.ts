/** Edit distance counting a swap of neighbours as one edit (`reslove` → `resolve` is 1). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known names closest to a mistyped one (at most three, best first): small typos, or the start
 * of a name (`res` → `resolve`). Empty when nothing is close.
 *
 * @example
 * suggestCommands('resolv', ['reopen', 'reply', 'resolve']); // ['resolve']
 */
export function suggestCommands(typed: string, known: readonly string[]): string[] {
  const word = typed.toLowerCase();
  const limit = word.length <= 3 ? 1 : 2;
  const scored = known
    .map((name) => ({ name, score: word.length >= 2 && name.startsWith(word) ? 1 : editDistance(word, name) }))
    .filter((s) => s.score <= limit);
  if (scored.length === 0) return [];
  // Ties go to the names sharing the longest start with what was typed (`snoz` → snooze, not show).
  const shared = (name: string) => {
    let n = 0;
    while (n < name.length && name[n] === word[n]) n += 1;
    return n;
  };
  const rank = (s: { name: string; score: number }) => s.score * 100 - shared(s.name);
  const best = Math.min(...scored.map(rank));
  return scored
    .filter((s) => rank(s) === best)
    .map((s) => s.name)
    .sort()
    .slice(0, 3);
}
