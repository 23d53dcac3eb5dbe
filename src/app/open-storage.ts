import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import type { Bus } from '../core/bus/create-bus.ts';
import type { EventReceiver } from '../core/intake/event-receiver.ts';
import type { InboxNames } from '../core/intake/inbox-names.ts';
import { createIntake } from '../core/intake/intake.ts';
import type { InstanceRole } from '../core/instances/instance-role.ts';
import { createLedger } from '../core/ledger/create-ledger.ts';
import { createOutbox } from '../core/outbox/create-outbox.ts';
import { routeByRole } from '../core/outbox/route-by-role.ts';
import { createStore, DEFAULT_STORE_URL, type Store } from '../core/store/create-store.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createCatchUpReceiver } from './receivers/catch-up-receiver.ts';

/**
 * Opens the store and builds everything that lives on it: the ledger (links, echo records, delivery
 * log), the outbox, the intake with its gate, catch-up (a receiver of replayed events), and `writes`
 * — the outbox as plugins see it (on a standby, handed over to the active instance). The runtime
 * calls it once, in `start()`, after the HTTP server listens.
 *
 * @example
 * const storage = await openStorage({ ...deps, storeUrl: env.storeUrl, live: [cable] });
 * storage.catchUp.start((event) => storage.intake.replay(event));
 */
export async function openStorage(deps: {
  /** An open store (tests pass memory://); otherwise `storeUrl`, default sqlite://data/switchboard.sqlite. */
  store?: Store;
  storeUrl?: string;
  config: ResolvedConfig['runtime'];
  timings?: { outboxBaseMs?: number; outboxCapMs?: number };
  accountId: number;
  rest: ChatwootRest;
  bus: Bus;
  inboxes: InboxNames;
  role: () => InstanceRole | undefined;
  /** Live receivers the intake pauses when the plugins fall behind (the cable). */
  live: readonly EventReceiver[];
  log: Logger;
  metrics: Metrics;
  now: () => number;
}) {
  const { log, metrics, now, bus, config } = deps;
  const mayAct = () => deps.role()?.mayAct() ?? false;
  const store = deps.store ?? (await createStore(deps.storeUrl ?? DEFAULT_STORE_URL, { log }));
  const ledger = createLedger({ store, log: log.child({ component: 'ledger' }), reorderWindowMs: config.reorderWindowMs, now });
  const outbox = createOutbox({
    store: store.namespace('outbox'),
    log: log.child({ component: 'outbox' }),
    metrics,
    backoff: { baseMs: deps.timings?.outboxBaseMs ?? 1_000, capMs: deps.timings?.outboxCapMs ?? 5 * 60_000 },
    retryForMs: config.retryForMs,
    // A side effect happens only while this instance may act — checked right before each attempt.
    mayRun: mayAct,
  });
  const intake = createIntake({
    ledger,
    bus,
    log: log.child({ component: 'intake' }),
    metrics,
    pause: () => {
      for (const receiver of deps.live) receiver.pause?.();
      catchUp.runner.readerPaused(true);
    },
    resume: () => {
      for (const receiver of deps.live) receiver.resume?.();
      catchUp.runner.readerPaused(false);
    },
    enrich: (event) => {
      if (!('conversation' in event)) return;
      const name = deps.inboxes.nameOf(event.conversation.inbox_id);
      if (name !== undefined) event.conversation.inbox_name = name;
    },
  });
  const catchUp = createCatchUpReceiver({
    accountId: deps.accountId,
    sweepMs: config.sweepMs,
    rest: deps.rest,
    deliveries: ledger.deliveries,
    drained: async () => {
      await intake.idle();
      await bus.drained();
    },
    gate: intake.gate,
    reorderWindowMs: config.reorderWindowMs,
    log,
    metrics,
    now,
    skipped: (reason) => metrics.droppedEvents.inc({ reason: `catch_up_${reason}` }),
  });
  const writes = routeByRole(outbox, { mayAct, handoff: () => deps.role()?.handoff(), now });
  return { store, ledger, outbox, writes, intake, catchUp };
}

/** What {@link openStorage} opened: the delivery path on its store. */
export type Storage = Awaited<ReturnType<typeof openStorage>>;
