import type { Logger } from '../../observability/logger.ts';
import type { EnqueueInput } from './types.ts';

/** The list commands the handoff needs from the store's node-redis client. */
export interface HandoffRedis {
  rPush(key: string, value: string): Promise<unknown>;
  lMove(source: string, destination: string, from: 'LEFT' | 'RIGHT', to: 'LEFT' | 'RIGHT'): Promise<string | null>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
  lRem(key: string, count: number, value: string): Promise<unknown>;
}

export interface Handoff {
  /** A standby's write: queued in Redis for the active instance (the id must already be final). */
  push(input: EnqueueInput & { id: string }): Promise<void>;
  /** On the active instance: moves every handed-over write into `enqueue`, until `stop()`. */
  consume(enqueue: (input: EnqueueInput) => Promise<unknown>): void;
  stop(): Promise<void>;
}

/**
 * Writes made on a standby — a surface that several instances receive, like Slack's HTTP mode behind
 * a load balancer — go to the active instance through a Redis list, so they are done once, by the
 * one that may act. Reliable-queue pattern: the consumer moves an item to a processing list, enqueues
 * it in its outbox (idempotent by id), then removes it; items a crashed consumer left in processing
 * are enqueued again by the next one.
 *
 * @example
 * const handoff = createHandoff({ redis, key: 'switchboard:handoff:account:1', log });
 * if (standby) await handoff.push({ ...input, id });
 * else handoff.consume((input) => outbox.enqueue(input));
 */
export function createHandoff(options: { redis: HandoffRedis; key: string; log: Logger; idleMs?: number }): Handoff {
  const { redis, key, log } = options;
  const processing = `${key}:processing`;
  const idleMs = options.idleMs ?? 200;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const take = async (raw: string, enqueue: (input: EnqueueInput) => Promise<unknown>) => {
    let input: EnqueueInput | undefined;
    try {
      input = JSON.parse(raw) as EnqueueInput;
    } catch (error) {
      log.error({ err: error }, 'a write handed over by a standby is not JSON; dropping it');
    }
    // A failing enqueue throws: the item stays in processing and is taken again later.
    if (input) await enqueue(input);
    await redis.lRem(processing, 1, raw);
  };

  return {
    async push(input) {
      await redis.rPush(key, JSON.stringify(input));
    },
    consume(enqueue) {
      if (running) return;
      running = true;
      const rest = (ms: number) =>
        new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, ms).unref();
        });
      loop = (async () => {
        let recovered = false;
        while (running) {
          try {
            // What a consumer before this one took but had not queued yet comes first.
            if (!recovered) for (const raw of await redis.lRange(processing, 0, -1)) await take(raw, enqueue);
            recovered = true;
            const raw = await redis.lMove(key, processing, 'LEFT', 'RIGHT');
            if (raw !== null) await take(raw, enqueue);
            else await rest(idleMs);
          } catch (error) {
            if (!running) break;
            log.warn({ err: error }, 'taking over writes handed over by a standby failed; retrying');
            recovered = false;
            await rest(1_000);
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
