import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Counters for everything that can go wrong without crashing: malformed frames, rejected
 * webhooks, dropped events, reconnects. One registry per runtime, so tests never share counts.
 */
export function createMetrics() {
  const registry = new Registry();
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    cableFrames: counter('switchboard_cable_frames_total', 'Frames received on the Chatwoot cable', ['type']),
    malformedInput: counter('switchboard_malformed_input_total', 'Frames or payloads that could not be parsed', ['source']),
    droppedEvents: counter('switchboard_dropped_events_total', 'Events dropped on purpose', ['reason']),
    eventsIn: counter('switchboard_events_total', 'Events delivered to the plugin host', ['source', 'name']),
    reconnects: counter('switchboard_cable_reconnects_total', 'Cable reconnects', ['reason']),
    presenceSent: counter('switchboard_presence_updates_total', 'update_presence commands sent'),
    webhookRequests: counter('switchboard_webhook_requests_total', 'Webhook deliveries by outcome', ['outcome']),
    restRequests: counter('switchboard_rest_requests_total', 'Chatwoot REST requests by outcome', ['method', 'outcome']),
    handlerErrors: counter('switchboard_handler_errors_total', 'Plugin handler failures', ['plugin']),
    cableSubscribed: new Gauge({
      name: 'switchboard_cable_subscribed',
      help: '1 while the RoomChannel subscription is confirmed',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
