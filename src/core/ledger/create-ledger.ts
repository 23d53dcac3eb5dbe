import type { Keyv } from 'keyv';
import { createLogger, type Logger } from '../logger.ts';
import type { Store } from '../store/create-store.ts';
import { createCursors, type Cursors } from './cursors.ts';
import { createDedupe } from './dedupe.ts';
import { createEcho, type Echo } from './echo.ts';
import { isStore, ledgerKv } from './ledger-kv.ts';
import { createLinks, type Links } from './links.ts';

export { echoMarker, markerOrigin, newEchoId, type EchoEntry, type Origin } from './echo.ts';
export type { Link, Links } from './links.ts';
export type { Cursors } from './cursors.ts';

export interface Ledger {
  /** Conversation ↔ a surface's thread/channel, message ↔ a surface's message. Durable, never expire. */
  links: Links;
  /** Who caused a Chatwoot write, so its echo is recognised (see `echoMarker`). */
  echo: Echo;
  /** Last delivered message per conversation, and the watermark, for REST catch-up. */
  cursors: Cursors;
  /** True the first time a key is seen within the TTL, false after (in memory, bounded). */
  /** A number key is a message id (message.created); strings are anything else. */
  firstSeen(key: string | number): boolean;
  /** Persist everything written behind (cursors, watermark). Called on shutdown and by tests. */
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
  /** Default 100 000. */
  dedupeMaxKeys?: number;
  /** How often cursors and the watermark are written behind; 0 = only on flush(). Default 1 s. */
  cursorFlushMs?: number;
  /** How long echo records are kept (store ttl and in memory). Default 1 h. */
  echoTtlMs?: number;
  /** How often expired entries are pruned from the store (a `Store` only); 0 = never. Default 1 h. */
  pruneEveryMs?: number;
  log?: Logger;
}

/**
 * The bot's memory: links, echo records, cursors and dedupe, on the keyv store so a restart loses
 * nothing. The hot-path calls (`firstSeen`, `cursors.advance`) are synchronous and in memory.
 *
 * Note: the ledger sets `throwOnErrors` on the Keyvs it uses, so a failed read is an error rather
 * than a silent miss (which would look like "no link" and create a duplicate thread).
 *
 * @example
 * const ledger = createLedger({ store, log });
 * if (ledger.firstSeen(`message.created:${message.id}`)) ledger.cursors.advance(conversationId, message.id);
 * await ledger.close();
 */
export function createLedger(options: LedgerOptions): Ledger {
  const now = options.now ?? Date.now;
  let fallbackLog: Logger | undefined;
  const log = (): Logger => options.log ?? (fallbackLog ??= createLogger());

  const links = createLinks(ledgerKv(options.store, 'links'));
  const echo = createEcho({ kv: ledgerKv(options.store, 'echo'), now, ttlMs: options.echoTtlMs ?? 60 * 60_000, log });
  const cursors = createCursors(ledgerKv(options.store, 'cursors'));
  const firstSeen = createDedupe({ now, ttlMs: options.dedupeTtlMs ?? 24 * 60 * 60_000, maxKeys: options.dedupeMaxKeys ?? 20_000 });

  const timers: NodeJS.Timeout[] = [];
  const cursorFlushMs = options.cursorFlushMs ?? 1_000;
  if (cursorFlushMs > 0) {
    timers.push(
      setInterval(() => {
        cursors.flush().catch((error: unknown) => log().warn({ err: error }, 'ledger flush failed; will retry'));
      }, cursorFlushMs),
    );
  }
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
    cursors: {
      get: cursors.get,
      advance: cursors.advance,
      all: cursors.all,
      watermark: cursors.watermark,
      setWatermark: cursors.setWatermark,
    },
    firstSeen,
    flush: () => cursors.flush(),
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        await cursors.flush();
      })();
      return closing;
    },
  };
}
