import type { AnyEvent } from '../../../src/chatwoot/events.ts';
import { createBus, type Bus, type BusOptions } from '../../../src/core/bus/create-bus.ts';
import { createLogger } from '../../../src/observability/create-logger.ts';

/** A minimal event; `data.seq` lets tests check order. Unknown-shaped, so any name is valid. */
export function makeEvent(name: string, conversationId: number | null, seq: number, data: Record<string, unknown> = {}): AnyEvent {
  return {
    name,
    id: `${name}:${conversationId ?? 'account'}:${seq}`,
    accountId: 1,
    conversationId,
    source: 'cable',
    replayed: false,
    origin: 'chatwoot',
    receivedAt: 0,
    data: { seq, ...data },
    unknown: true,
  };
}

export const seqOf = (event: AnyEvent): number => (event as unknown as { data: { seq: number } }).data.seq;

export { deferred, type Deferred } from '../../helpers/deferred.ts';

/** Lets queued microtasks and immediates run (no timers involved). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Small deterministic PRNG so "random" delays are reproducible. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Buses made here are stopped by `stopAll` (call it in afterEach). */
const made: Bus[] = [];
export function testBus(options: Partial<BusOptions> = {}): Bus {
  // A short default timeout, so a test that forgets to settle a handler cannot hold afterEach for 30 s.
  const bus = createBus({ log: createLogger({ level: 'silent' }), handlerTimeoutMs: 2_000, ...options });
  made.push(bus);
  return bus;
}
export async function stopAll(): Promise<void> {
  await Promise.all(made.splice(0).map((bus) => bus.stop()));
}
