/**
 * Resolves once `check()` is true, polling every `everyMs` (default 2 ms, so a timing is not
 * rounded up by the poll); throws after `timeoutMs` with `what` in the message.
 *
 * @example
 * await until(() => delivered.size === 1_000, { what: 'every message', timeoutMs: 60_000 });
 */
export async function until(check: () => boolean, { what, timeoutMs = 60_000, everyMs = 2 }: { what: string; timeoutMs?: number; everyMs?: number }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
