import type { AnyEvent } from '../../chatwoot/events.ts';

/**
 * Where events come from — the cable, the webhook, catch-up over REST, or a transport of your own —
 * as the composition root sees it (after Bolt's `Receiver`). A receiver turns what its transport
 * brings into checked events and hands each to `emit`; it does not dedupe, order or dispatch (the
 * intake does, for all of them alike). `pause`/`resume` are for receivers that can stop reading when
 * the plugins fall behind (the cable can; an HTTP webhook cannot).
 *
 * (The event's own `source` field — `'cable' | 'webhook' | 'catchup'` — is the exported type
 * `EventSource`, which is why this seam is named after Bolt's receivers instead.)
 *
 * @example
 * const receiver: EventReceiver = {
 *   start: (emit) => socket.on('event', (raw) => emit(buildEvent(raw.name, raw.data, { source: 'webhook', receivedAt: Date.now() }))),
 *   stop: async () => socket.close(),
 * };
 * receiver.start((event) => intake.accept(event));
 */
export interface EventReceiver {
  /** Begins handing events to `emit`, in the order the transport delivers them. */
  start(emit: (event: AnyEvent) => void): void;
  /** Stops receiving; resolves once nothing more will be emitted. */
  stop(): Promise<void>;
  /** Stop reading (backpressure): what arrives meanwhile waits in the transport. */
  pause?(): void;
  resume?(): void;
}
