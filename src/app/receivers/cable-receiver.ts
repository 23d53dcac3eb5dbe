import { buildEvent } from '../../chatwoot/build-event.ts';
import { createCableClient, type CableClient, type CableStatus } from '../../chatwoot/cable/cable-client.ts';
import { createCredentialProvider } from '../../chatwoot/cable/credentials.ts';
import { createEventGate } from '../../chatwoot/event-gate.ts';
import type { AnyEvent } from '../../chatwoot/events.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { ResolvedConfig } from '../../config/config-schema.ts';
import type { ChatwootSettings } from '../../config/read-env.ts';
import type { EventReceiver } from '../../core/intake/event-receiver.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';

/**
 * The live cable as an {@link EventReceiver}: the RoomChannel subscription (reconnects, presence,
 * token rotation — see `createCableClient`), each frame built into an event and checked (invalid ids
 * and other accounts are dropped and counted) before it is emitted. Subscriptions and status changes
 * go to the hooks, for catch-up and `/readyz`.
 *
 * @example
 * const cable = createCableReceiver({ chatwoot, rest, config, presenceIntervalMs: 15_000, log, metrics, onSubscribed, onStatus });
 * cable.start((event) => intake.accept(event));
 */
export function createCableReceiver(deps: {
  chatwoot: ChatwootSettings;
  rest: Pick<ChatwootRest, 'getProfile'>;
  config: ResolvedConfig['cable'];
  presenceIntervalMs: number;
  /** Faster reconnects for tests and the harness. */
  timings?: { reconnectBaseMs?: number; reconnectCapMs?: number };
  log: Logger;
  metrics: Metrics;
  onSubscribed: () => void;
  onStatus: (status: CableStatus) => void;
}): EventReceiver & { client: CableClient } {
  const { chatwoot, config, metrics } = deps;
  const log = deps.log.child({ component: 'cable' });
  const gate = createEventGate({ accountId: chatwoot.accountId, metrics, log, source: 'cable' });
  const fixed = chatwoot.pubsubToken && chatwoot.userId ? { pubsubToken: chatwoot.pubsubToken, userId: chatwoot.userId } : undefined;
  let emit: ((event: AnyEvent) => void) | undefined;
  const client = createCableClient({
    chatwootUrl: chatwoot.url,
    accountId: chatwoot.accountId,
    getCredentials: createCredentialProvider({ fixed, getProfile: () => deps.rest.getProfile(), accountId: chatwoot.accountId }),
    onEvent: ({ event, data, receivedAt }) => {
      const built = buildEvent(event, data, { source: 'cable', receivedAt });
      if (gate.admit(built)) emit?.(built);
    },
    onSubscribed: deps.onSubscribed,
    onStatus: deps.onStatus,
    log,
    metrics,
    presenceIntervalMs: deps.presenceIntervalMs,
    confirmTimeoutMs: config.confirmTimeoutMs,
    staleAfterMs: config.staleAfterMs,
    backoff: { baseMs: deps.timings?.reconnectBaseMs, capMs: deps.timings?.reconnectCapMs ?? config.backoffCapMs },
    profileRefreshMs: config.profileRefreshMs,
  });
  return {
    client,
    start(next) {
      emit = next;
      client.start();
    },
    async stop() {
      await client.stop();
      gate.stop();
    },
    pause: () => client.pause(),
    resume: () => client.resume(),
  };
}
