import { randomUUID } from 'node:crypto';
import type { Handoff } from './handoff.ts';
import type { Enqueued, Outbox, OutboxEntry } from './types.ts';

/**
 * The outbox as plugins and commands see it on any instance: on the one that may act, the real
 * outbox; on a standby (several instances on one Redis), each write is handed over to the active
 * instance through Redis instead — so a surface that every instance receives (Slack HTTP mode behind
 * a load balancer) still has its work done once. A handed-over write's `delivered` resolves (with
 * `undefined`) as soon as the active instance has it.
 *
 * @example
 * const outbox = routeByRole(realOutbox, { mayAct: role.mayAct, handoff: role.handoff, now: Date.now });
 */
export function routeByRole(outbox: Outbox, deps: { mayAct: () => boolean; handoff: () => Handoff | undefined; now: () => number }): Outbox {
  return {
    ...outbox,
    async enqueue<P>(input: Parameters<Outbox['enqueue']>[0] & { payload: P }): Promise<Enqueued<P>> {
      const handoff = deps.handoff();
      if (deps.mayAct() || !handoff) return outbox.enqueue(input);
      const id = input.id ?? randomUUID();
      await handoff.push({ ...input, id });
      const at = deps.now();
      const entry: OutboxEntry<P> = {
        id,
        kind: input.kind,
        destination: input.destination,
        payload: input.payload,
        attempts: 0,
        createdAt: at,
        nextAttemptAt: at,
        ...(input.meta ? { meta: input.meta } : {}),
      };
      return { entry, delivered: Promise.resolve(undefined) };
    },
  };
}
