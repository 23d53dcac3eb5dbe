import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * Counters for everything that can go wrong without crashing: malformed frames, rejected
 * webhooks, dropped events, reconnects. One registry per runtime, so tests never share counts.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  // prom-client's process metrics (CPU, memory, event-loop lag, handles, GC) for the real process;
  // tests make many registries and leave them out.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    cableFrames: hotCounter(registry, 'switchboard_cable_frames_total', 'Frames received on the Chatwoot cable', ['type']),
    malformedInput: counter('switchboard_malformed_input_total', 'Frames or payloads that could not be parsed', ['source']),
    droppedEvents: counter('switchboard_dropped_events_total', 'Events dropped on purpose', ['reason']),
    eventsIn: hotCounter(registry, 'switchboard_events_total', 'Events accepted by the intake, by transport and name', ['source', 'name']),
    reconnects: counter('switchboard_cable_reconnects_total', 'Cable reconnects', ['reason']),
    presenceSent: counter('switchboard_presence_updates_total', 'update_presence commands sent'),
    webhookRequests: counter('switchboard_webhook_requests_total', 'Webhook deliveries by outcome', ['outcome']),
    restRequests: counter('switchboard_rest_requests_total', 'Chatwoot REST requests by outcome', ['method', 'outcome']),
    handlerErrors: counter('switchboard_handler_errors_total', 'Plugin handler failures', ['plugin']),
    handlerTimeouts: counter('switchboard_handler_timeouts_total', 'Plugin handler calls abandoned after the timeout (also in handler_errors)', ['plugin']),
    pausedDeliveriesDropped: counter('switchboard_paused_deliveries_dropped_total', 'Deliveries dropped because their plugin was paused after repeated failures', ['plugin']),
    pluginPaused: new Gauge<'plugin'>({
      name: 'switchboard_plugin_paused',
      help: '1 while a plugin is paused after repeated failures',
      labelNames: ['plugin'],
      registers: [registry],
    }),
    busBackpressure: counter('switchboard_bus_backpressure_total', 'Times the event bus went over its high-water mark and asked the reader to wait'),
    outboxEnqueued: counter('switchboard_outbox_enqueued_total', 'Side effects accepted by the outbox', ['kind']),
    outboxDelivered: counter('switchboard_outbox_delivered_total', 'Side effects the outbox delivered', ['kind']),
    outboxRetries: counter('switchboard_outbox_retries_total', 'Outbox attempts that failed and will be retried', ['kind']),
    outboxFailed: counter('switchboard_outbox_failed_total', 'Side effects given up on (permanent error or attempts exhausted)', ['kind', 'reason']),
    outboxPending: new Gauge({
      name: 'switchboard_outbox_pending',
      help: 'Outbox entries pending or in flight',
      registers: [registry],
    }),
    instanceRole: new Gauge<'role'>({
      name: 'switchboard_instance_role',
      help: '1 for this instance\'s role: single, standby, active or deposed',
      labelNames: ['role'],
      registers: [registry],
    }),
    leaseChanges: counter('switchboard_lease_changes_total', 'Times this instance acquired or lost the account lease', ['change']),
    cableSubscribed: new Gauge({
      name: 'switchboard_cable_subscribed',
      help: '1 while the RoomChannel subscription is confirmed',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * A counter for the per-frame path: `labels(…).inc()` bumps a plain number, and the totals reach
 * prom-client only when it collects (a scrape, or `get()`). A prom-client `inc()` costs more than
 * a tenth of handling a frame.
 */
function hotCounter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]) {
  const children = new Map<string, { labels: Partial<Record<L, string>>; value: number; reported: number }>();
  const counter = new Counter<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const child of children.values()) {
        if (child.value === child.reported) continue;
        this.inc(child.labels, child.value - child.reported);
        child.reported = child.value;
      }
    },
  });
  return {
    /** Call once per label set and keep the result: it is the cheap part. */
    labels(labels: Partial<Record<L, string>>): { inc(): void } {
      const key = labelNames.map((l) => labels[l] ?? '').join('\u0000');
      let child = children.get(key);
      if (!child) children.set(key, (child = { labels, value: 0, reported: 0 }));
      const bound = child;
      return {
        inc() {
          bound.value += 1;
        },
      };
    },
    get: () => counter.get(),
  };
}
