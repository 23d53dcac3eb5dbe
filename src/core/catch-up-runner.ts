import type { AnyEvent } from '../chatwoot/events.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import { catchUp } from './catch-up.ts';
import type { Ledger } from './ledger/create-ledger.ts';
import type { Logger } from './logger.ts';

/**
 * When catch-up runs: on demand (each confirmed subscription), on a periodic sweep while the cable
 * is up, never twice at once, and not after `stop()`. Remembers the last outcome for `status`.
 *
 * @example
 * const runner = createCatchUpRunner({ rest, ledger: () => ledger, emit: intake.accept, log });
 * runner.run('subscribed');
 * runner.sweep(300_000, () => cable.status() === 'subscribed');
 */
export function createCatchUpRunner(deps: {
  rest: Pick<ChatwootRest, 'listConversations' | 'listMessages' | 'listMessagesAfter'>;
  ledger: () => Ledger;
  emit: (event: AnyEvent) => void;
  log: Logger;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const abort = new AbortController();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last: { at: number; messages: number; error?: string } | undefined;

  const run = (reason: string): Promise<void> => {
    if (running || abort.signal.aborted) return running ?? Promise.resolve();
    running = catchUp({ rest: deps.rest, ledger: deps.ledger(), emit: deps.emit, log: deps.log.child({ component: 'catch-up', reason }), now, signal: abort.signal })
      .then((result) => {
        last = { at: result.startedAt, messages: result.messages };
      })
      .catch((error: unknown) => {
        last = { at: now(), messages: 0, error: (error as Error).message };
        deps.log.warn({ err: (error as Error).message, reason }, 'catch-up failed; the next sweep retries');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    run,
    /** Every `everyMs` (0 = never), when `when()` holds: for events lost without a visible disconnect. */
    sweep(everyMs: number, when: () => boolean): void {
      if (everyMs <= 0) return;
      timer = setInterval(() => {
        if (when()) void run('sweep');
      }, everyMs);
      timer.unref();
    },
    /** The pass in progress, if any. */
    current: (): Promise<void> | undefined => running,
    last: () => last,
    /** Aborts the pass in progress and waits for it; no pass starts afterwards. */
    async stop(): Promise<void> {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
