import type { Keyv } from 'keyv';
import { createLogger, type Logger } from '../../observability/create-logger.ts';
import type { Store } from '../store/create-store.ts';
import { createDedupe } from './dedupe.ts';
import { createDeliveryLog, type DeliveryLog } from './delivery-log.ts';
import { createEcho, type Echo } from './echo.ts';
import { isStore, ledgerKv } from './ledger-kv.ts';
import { createLinks, type Links } from './links.ts';

export { echoIdFor, echoMarker, markerOrigin, newEchoId, type EchoEntry, type Origin } from './echo.ts';
export type { Link, Links } from './links.ts';
export type { DeliveryLog } from './delivery-log.ts';

export interface Ledger {
  /** Conversation ↔ a surface's thread/channel, message ↔ a surface's message. Durable, never expire. */
  links: Links;
  /** Who caused a Chatwoot write, so its echo is recognised (see `echoMarker`). */
  echo: Echo;
  /** What every plugin has handled, per conversation, and the sync point: what catch-up must re-read. */
  deliveries: DeliveryLog;
  /**
   * True the first time a key is seen within the TTL, false after (in memory, bounded). A number key
   * is a message id (message.created); strings are anything else.
   */
  firstSeen(key: string | number): boolean;
  /** Reads the delivery log; call once before events flow. */
  load(): Promise<void>;
  /** Persist everything written behind (the delivery log). Called on shutdown and by tests. */
  flush(): Promise<void>;
  /** Stop timers (flushes first). Does not close the store. */
  close(): Promise<void>;
}

export interface LedgerOptions {
  /** A Store (the ledger uses its namespaces `links`, `echo`, `cursors`) or one Keyv (keys prefixed `links:`…). */
  store: Store | Keyv;
  /** Clock for dedupe and the in-memory echo records. */
  now?: () => number;
  /** Default 24 h. */
  dedupeTtlMs?: number;
  /** Default 20 000. */
  dedupeMaxKeys?: number;
  /** Delay from a handled message to its durable record; 0 = only on flush(). Default 20 ms. */
  flushDelayMs?: number;
  /** How long the cable must stay up after a live message before the cursor may pass it. Default 10 s. */
  reorderWindowMs?: number;
  /** How long echo records are kept (store ttl and in memory). Default 1 h. */
  echoTtlMs?: number;
  /** How often expired entries are pruned from the store (a `Store` only); 0 = never. Default 1 h. */
  pruneEveryMs?: number;
  log?: Logger;
}

/**
 * The bot's memory: links, echo records, the delivery log and dedupe, on the keyv store so a restart
 * loses nothing. The hot-path calls (`firstSeen`, `deliveries.begin/finish`) are synchronous and in
 * memory; the delivery log writes behind in batches.
 *
 * Note: the ledger sets `throwOnErrors` on the Keyvs it uses, so a failed read is an error rather
 * than a silent miss (which would look like "no link" and create a duplicate thread).
 *
 * @example
 * const ledger = createLedger({ store, log });
 * await ledger.load();
 * if (ledger.firstSeen(message.id)) ledger.deliveries.begin(conversationId, message.id, message.created_at, Date.now());
 * await ledger.close();
 */
export function createLedger(options: LedgerOptions): Ledger {
  const now = options.now ?? Date.now;
  let fallbackLog: Logger | undefined;
  const log = (): Logger => options.log ?? (fallbackLog ??= createLogger());

  const links = createLinks(ledgerKv(options.store, 'links'));
  const echo = createEcho({ kv: ledgerKv(options.store, 'echo'), now, ttlMs: options.echoTtlMs ?? 60 * 60_000, log });
  const deliveries = createDeliveryLog({
    kv: ledgerKv(options.store, 'deliveries'),
    legacyKv: ledgerKv(options.store, 'cursors'),
    now,
    ...(options.reorderWindowMs !== undefined ? { reorderWindowMs: options.reorderWindowMs } : {}),
    ...(options.flushDelayMs !== undefined ? { flushDelayMs: options.flushDelayMs } : {}),
    ...(options.flushDelayMs === 0 ? { commitEveryMs: 0 } : {}),
    onError: (error) => log().warn({ err: error }, 'delivery log write failed; will retry'),
  });
  const firstSeen = createDedupe({ now, ttlMs: options.dedupeTtlMs ?? 24 * 60 * 60_000, maxKeys: options.dedupeMaxKeys ?? 20_000 });

  const timers: NodeJS.Timeout[] = [];
  const pruneEveryMs = options.pruneEveryMs ?? 60 * 60_000;
  const store = options.store;
  const prune = isStore(store) ? store.prune : undefined;
  if (pruneEveryMs > 0 && prune) {
    timers.push(
      setInterval(() => {
        prune
          .call(store)
          .then((removed) => removed > 0 && log().debug({ removed }, 'pruned expired store entries'))
          .catch((error: unknown) => log().warn({ err: error }, 'store prune failed'));
      }, pruneEveryMs),
    );
  }
  // Timers never keep the process alive: shutdown calls close(), which flushes.
  for (const timer of timers) timer.unref();

  let closing: Promise<void> | undefined;
  return {
    links,
    echo,
    deliveries,
    firstSeen,
    load: () => deliveries.load(),
    flush: () => deliveries.flush(),
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        await deliveries.close();
      })();
      return closing;
    },
  };
}
