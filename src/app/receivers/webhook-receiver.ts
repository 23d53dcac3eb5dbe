import type { AnyEvent } from '../../chatwoot/events.ts';
import type { EventReceiver } from '../../core/intake/event-receiver.ts';
import type { RouteHandler } from '../../core/plugins/route-handler.ts';
import { createWebhookRoute, type WebhookRouteOptions } from '../../http/webhook-route.ts';

/**
 * `POST /webhooks/chatwoot` as an {@link EventReceiver}: the route (signature, delivery-id dedupe,
 * event checks — see `createWebhookRoute`) is mounted on the HTTP server from the start; what it
 * accepts is emitted once the receiver is started, and handed to `idle` before and after.
 *
 * @example
 * const webhook = createWebhookReceiver({ secret, accountId: 1, log, metrics }, () => drops.inc());
 * http.route('/webhooks/chatwoot', webhook.route);
 * webhook.start((event) => intake.accept(event));
 */
export function createWebhookReceiver(options: Omit<WebhookRouteOptions, 'onEvent'>, idle: (event: AnyEvent) => void): EventReceiver & { route: RouteHandler } {
  let emit = idle;
  return {
    route: createWebhookRoute({ ...options, onEvent: (event) => emit(event) }),
    start(next) {
      emit = next;
    },
    async stop() {
      emit = idle;
    },
  };
}
