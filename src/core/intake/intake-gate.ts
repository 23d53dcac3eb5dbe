import type { AnyEvent } from '../../chatwoot/events.ts';

/**
 * Keeps live events behind the replay of their conversation, so a plugin never sees a replayed
 * message after a newer live one. After a (re)subscription nothing is known yet: every
 * conversation's events wait (`close`) until catch-up has listed what changed while the bot was not
 * listening; then only those conversations keep waiting (`reconcile`), each until its missed messages
 * have been replayed (`release`). Events without a conversation never wait. Nothing is dropped: past
 * `maxHeld`, `onPressure(true)` asks the reader to stop reading until the count is back under half.
 *
 * @example
 * const gate = createIntakeGate({ forward: admit, onPressure: (full) => (full ? cable.pause() : cable.resume()) });
 * gate.close();                 // subscribed
 * if (!gate.hold(event)) admit(event);
 * gate.reconcile([7, 9]);       // catch-up listed 7 and 9: everything else flows again
 * gate.release(7);              // 7 replayed: its held events follow, in arrival order
 */
export interface IntakeGate {
  close(): void;
  reconcile(conversationIds: Iterable<number>): void;
  release(conversationId: number): void;
  /** Releases everything and holds nothing (the pass ended, failed, or the bot stops). */
  open(): void;
  /** Takes the event if its conversation must wait; false = pass it on now. */
  hold(event: AnyEvent): boolean;
  /** Events waiting. */
  held(): number;
  /** Conversations whose events wait (every one, while closed). */
  waiting(): 'all' | number[];
}

export function createIntakeGate(deps: {
  /** Where released events go, in arrival order per conversation. */
  forward: (event: AnyEvent) => void;
  onPressure?: (full: boolean) => void;
  /** Told when the gate gave up holding (it opened past 4 × `maxHeld`: order before memory). */
  onOverflow?: (held: number) => void;
  /** Default 10 000. */
  maxHeld?: number;
}): IntakeGate {
  const maxHeld = deps.maxHeld ?? 10_000;
  let state: 'open' | 'closed' | 'partial' = 'open';
  let reconciling = new Set<number>();
  const queues = new Map<number, AnyEvent[]>();
  let count = 0;
  let full = false;

  const flow = (conversationId: number) => {
    const queue = queues.get(conversationId);
    if (!queue) return;
    queues.delete(conversationId);
    count -= queue.length;
    for (const event of queue) deps.forward(event);
    if (full && count <= maxHeld / 2) {
      full = false;
      deps.onPressure?.(false);
    }
  };

  const open = () => {
    state = 'open';
    reconciling = new Set();
    for (const conversationId of [...queues.keys()]) flow(conversationId);
  };

  return {
    close() {
      state = 'closed';
      reconciling = new Set();
    },
    reconcile(conversationIds) {
      if (state === 'open') return;
      reconciling = new Set(conversationIds);
      state = 'partial';
      for (const conversationId of [...queues.keys()]) if (!reconciling.has(conversationId)) flow(conversationId);
    },
    release(conversationId) {
      reconciling.delete(conversationId);
      flow(conversationId);
    },
    open,
    hold(event) {
      if (state === 'open') return false;
      const conversationId = event.conversationId;
      if (conversationId === null) return false;
      if (state === 'partial' && !reconciling.has(conversationId)) return false;
      const queue = queues.get(conversationId);
      if (queue) queue.push(event);
      else queues.set(conversationId, [event]);
      count += 1;
      if (!full && count >= maxHeld) {
        full = true;
        deps.onPressure?.(true);
      }
      // Pausing the reader cannot stop the webhook (or a cable that stays down): never hold without bound.
      if (count >= maxHeld * 4) {
        deps.onOverflow?.(count);
        open();
      }
      return true;
    },
    held: () => count,
    waiting: () => (state === 'closed' ? 'all' : [...reconciling]),
  };
}
