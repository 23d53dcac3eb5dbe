import type { DeliveryFailedEvent } from '../index.ts';

/** The surface action a Chatwoot write came from, as the writer passed it in `{ origin }`. */
export interface WriteOrigin {
  surface: string;
  /** The surface's own id of what caused the write, e.g. a Slack `channel:ts`. */
  ref?: string;
}

/**
 * The origin a failed write carried (`ctx.chatwoot.reply(…, { origin })`), typed and checked —
 * `undefined` when the write had none or it is not in the expected shape.
 *
 * @example
 * ctx.on('switchboard.delivery_failed', async (event) => {
 *   const origin = failedWriteOrigin(event);
 *   if (origin?.surface === 'slack' && origin.ref) await flag(origin.ref, event.error);
 * });
 */
export function failedWriteOrigin(event: Pick<DeliveryFailedEvent, 'meta'>): WriteOrigin | undefined {
  const origin = event.meta?.['origin'];
  if (typeof origin !== 'object' || origin === null) return undefined;
  const { surface, ref } = origin as { surface?: unknown; ref?: unknown };
  if (typeof surface !== 'string') return undefined;
  return { surface, ...(typeof ref === 'string' ? { ref } : {}) };
}
