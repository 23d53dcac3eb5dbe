import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../observability/logger.ts';
import type { LedgerKv } from './ledger-kv.ts';

/** Which surface caused a Chatwoot write, and its own reference (e.g. `C123:1700000000.000100`). */
export interface Origin {
  surface: string;
  ref?: string;
}

export interface EchoEntry {
  conversationId: number;
  origin: Origin;
}

export interface Echo {
  /** Called BEFORE the REST call: remember who is about to write. */
  record(echoId: string, entry: EchoEntry): Promise<void>;
  /** The origin of a Chatwoot message we caused, or undefined. */
  match(message: { echo_id?: string; content_attributes?: Record<string, unknown> }): Promise<Origin | undefined>;
}

/**
 * A fresh echo id for a Chatwoot write.
 *
 * @example
 * const echoId = newEchoId(); // 'sb-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 */
export function newEchoId(): string {
  return `sb-${randomUUID()}`;
}

/**
 * The echo id of a write whose idempotency key is known: the same key always gives the same echo id,
 * so a write repeated after a crash is recognised (and found by the executor) as the first one.
 *
 * @example
 * echoIdFor('greeter/message.created:7:1700000000/ab12#0'); // 'sb-k-3f2a…'
 */
export function echoIdFor(key: string): string {
  return `sb-k-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * The `content_attributes` that mark a message as written by Switchboard. Chatwoot persists them,
 * so webhook and REST copies (which carry no `echo_id`) and echoes after a restart are recognised.
 *
 * @example
 * rest.createMessage(42, { content, echo_id: echoId, content_attributes: echoMarker({ surface: 'slack', ref }, echoId) });
 */
export function echoMarker(origin: Origin, echoId: string): Record<string, unknown> {
  return {
    switchboard: { origin: origin.surface, ...(origin.ref !== undefined ? { ref: origin.ref } : {}), echo_id: echoId },
  };
}

/** The origin a persisted marker names, if `content_attributes` carries a well-formed one. */
export function markerOrigin(contentAttributes: Record<string, unknown> | undefined): Origin | undefined {
  const marker = contentAttributes?.['switchboard'];
  if (typeof marker !== 'object' || marker === null) return undefined;
  const { origin, ref } = marker as { origin?: unknown; ref?: unknown };
  if (typeof origin !== 'string' || origin === '') return undefined;
  return typeof ref === 'string' ? { surface: origin, ref } : { surface: origin };
}

/**
 * Echo records: an in-memory map answers echoes that come back within the same tick as `record`
 * (Chatwoot's `message.created` may beat the HTTP response); the store keeps them for `ttlMs`
 * across restarts. Bounded: past `maxRecent`, the oldest in-memory records fall back to the store.
 *
 * @example
 * const echo = createEcho({ kv: ledgerKv(store, 'echo'), now: Date.now, ttlMs: 3_600_000 });
 * await echo.record(echoId, { conversationId: 42, origin: { surface: 'slack' } });
 * await echo.match({ echo_id: echoId }); // → { surface: 'slack' }
 */
export function createEcho(deps: { kv: LedgerKv; now: () => number; ttlMs: number; maxRecent?: number; log?: () => Logger }): Echo {
  const { kv, now, ttlMs } = deps;
  const maxRecent = deps.maxRecent ?? 10_000;
  const recent = new Map<string, { origin: Origin; expiresAt: number }>();

  return {
    async record(echoId, entry) {
      if (typeof echoId !== 'string' || echoId === '') throw new TypeError('echo id must be a non-empty string');
      if (typeof entry?.origin?.surface !== 'string') throw new TypeError('echo entry needs origin.surface');
      const origin: Origin = entry.origin.ref !== undefined ? { surface: entry.origin.surface, ref: entry.origin.ref } : { surface: entry.origin.surface };
      // Synchronously, before the first await: the echo may arrive while the store write is pending.
      if (recent.size >= maxRecent) {
        const oldest = recent.keys().next().value;
        if (oldest !== undefined) recent.delete(oldest);
      }
      recent.set(echoId, { origin, expiresAt: now() + ttlMs });
      try {
        await kv.set(echoId, { conversationId: entry.conversationId, origin }, ttlMs);
      } catch (error) {
        // Not fatal: the in-memory record and the marker in content_attributes still catch the echo.
        deps.log?.().warn({ err: error, echoId }, 'could not persist an echo record');
      }
    },

    async match(message) {
      const echoId = message.echo_id;
      if (echoId) {
        const hit = recent.get(echoId);
        if (hit) {
          if (hit.expiresAt > now()) return hit.origin;
          recent.delete(echoId);
        }
      }
      const marked = markerOrigin(message.content_attributes);
      if (marked || !echoId) return marked;
      const stored = await kv.get<EchoEntry>(echoId);
      const surface = stored?.origin?.surface;
      if (typeof surface !== 'string') return undefined;
      return typeof stored?.origin.ref === 'string' ? { surface, ref: stored.origin.ref } : { surface };
    },
  };
}
