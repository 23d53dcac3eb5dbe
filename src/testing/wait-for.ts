/** How long to wait, how often to look, and what to name in the timeout error. */
export interface WaitForOptions {
  /** Default 5 000. */
  timeoutMs?: number;
  /** Default 10. */
  intervalMs?: number;
  /** Named in the error when the deadline passes. Default 'condition'. */
  what?: string;
}

/**
 * Polls `check` until it returns a truthy value (which is returned) or the deadline passes. Tests
 * await conditions this way instead of sleeping; a `check` that throws counts as "not yet" and its
 * last error is quoted in the timeout message.
 *
 * @example
 * import { waitFor } from 'switchboard/testing';
 *
 * const reply = await waitFor(() => bot.chatwoot.messages(id).find((m) => m.message_type === 'outgoing'), { what: 'the reply' });
 */
export async function waitFor<T>(check: () => T | Promise<T>, { timeoutMs = 5_000, intervalMs = 10, what = 'condition' }: WaitForOptions = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
