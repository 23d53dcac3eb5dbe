import type { EventGate } from '../chatwoot/event-gate.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { SwitchboardConfig } from '../config/define-config.ts';
import type { Bus } from '../core/bus/create-bus.ts';
import { createCatchUpRunner } from '../core/catch-up/catch-up-runner.ts';
import type { InboxNames } from '../core/intake/inbox-names.ts';
import type { InstanceRole } from '../core/instances/instance-role.ts';
import { createIntake } from '../core/intake/intake.ts';
import { createLedger } from '../core/ledger/create-ledger.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createOutbox } from '../core/outbox/create-outbox.ts';
import { routeByRole } from '../core/outbox/route-by-role.ts';
import { createStore, DEFAULT_STORE_URL, type Store } from '../core/store/create-store.ts';

/**
 * The delivery path, on its store: the ledger (links, echo records, delivery log), the outbox,
 * the intake with its gate, the catch-up runner, and `writes` — the outbox as plugins see it (on a
 * standby, handed over to the active instance).
 *
 * @example
 * const delivery = await openDelivery({ ...deps, storeUrl: env.storeUrl });
 * cable.onSubscribed(() => delivery.catchUps.subscribed());
 */
export async function openDelivery(deps: {
  store?: Store;
  storeUrl?: string;
  runtime: NonNullable<SwitchboardConfig['runtime']>;
  timings?: { outboxBaseMs?: number; outboxCapMs?: number };
  rest: ChatwootRest;
  bus: Bus;
  inboxes: InboxNames;
  role: () => InstanceRole | undefined;
  /** Checks what catch-up reads back (ids, account) before the intake sees it. */
  catchUpGate: EventGate;
  /** The intake asks the reader (the cable) to stop or go on reading. */
  reader: { pause(): void; resume(): void };
  log: Logger;
  metrics: Metrics;
  now: () => number;
}) {
  const { log, metrics, now, bus, runtime } = deps;
  const reorderWindowMs = runtime.reorderWindowMs ?? 10_000;
  const mayAct = () => deps.role()?.mayAct() ?? false;
  const store = deps.store ?? (await createStore(deps.storeUrl ?? DEFAULT_STORE_URL, { log }));
  const ledger = createLedger({ store, log: log.child({ component: 'ledger' }), reorderWindowMs, now });
  const outbox = createOutbox({
    store: store.namespace('outbox'),
    log: log.child({ component: 'outbox' }),
    metrics,
    backoff: { baseMs: deps.timings?.outboxBaseMs ?? 1_000, capMs: deps.timings?.outboxCapMs ?? 5 * 60_000 },
    ...(runtime.retryForMs !== undefined ? { retryForMs: runtime.retryForMs } : {}),
    // A side effect happens only while this instance may act — checked right before each attempt.
    mayRun: mayAct,
  });
  const intake = createIntake({
    ledger,
    bus,
    log: log.child({ component: 'intake' }),
    metrics,
    pause: () => {
      deps.reader.pause();
      catchUps.readerPaused(true);
    },
    resume: () => {
      deps.reader.resume();
      catchUps.readerPaused(false);
    },
    enrich: (event) => {
      if (!('conversation' in event)) return;
      const name = deps.inboxes.nameOf(event.conversation.inbox_id);
      if (name !== undefined) event.conversation.inbox_name = name;
    },
  });
  const catchUps = createCatchUpRunner({
    rest: deps.rest,
    deliveries: ledger.deliveries,
    replay: (event) => {
      if (deps.catchUpGate.admit(event)) intake.replay(event);
    },
    drained: async () => {
      await intake.idle();
      await bus.drained();
    },
    gate: intake.gate,
    reorderWindowMs,
    log,
    now,
    skipped: (reason) => metrics.droppedEvents.inc({ reason: `catch_up_${reason}` }),
  });
  const writes = routeByRole(outbox, { mayAct, handoff: () => deps.role()?.handoff(), now });
  return { store, ledger, outbox, writes, intake, catchUps };
}

export type Delivery = Awaited<ReturnType<typeof openDelivery>>;
