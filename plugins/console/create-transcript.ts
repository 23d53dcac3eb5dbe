/**
 * The console's output: lines go to a writer and are kept, so a script's `expect` can wait for
 * one to appear (in order: each expectation searches after the previous match).
 */
export function createTranscript(write: (line: string) => void) {
  const lines: string[] = [];
  let matchedUpTo = 0;
  let waiters: Array<() => void> = [];
  return {
    write(line: string): void {
      lines.push(line);
      write(line);
      const current = waiters;
      waiters = [];
      for (const wake of current) wake();
    },
    /** Resolves true when a line after the last match contains `text`, false after `timeoutMs`. */
    async expect(text: string, timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = lines.findIndex((line, i) => i >= matchedUpTo && line.includes(text));
        if (index !== -1) {
          matchedUpTo = index + 1;
          return true;
        }
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    lines: (): readonly string[] => lines,
  };
}

export type Transcript = ReturnType<typeof createTranscript>;
