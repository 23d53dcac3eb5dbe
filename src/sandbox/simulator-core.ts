import type { BuildContext } from './payload-builders.ts';
import type { SimAgent, SimConversation, SimState } from './simulator-state.ts';
import type { WebhookEvent } from './webhook-payloads.ts';

/**
 * What actions share: the records, the clock, and the two ways Chatwoot tells the world about a
 * change (the websocket broadcast and the API-inbox callback).
 */
export interface SimCore {
  state: SimState;
  ctx: BuildContext;
  now(): number;
  /** The API token's owner (`Current.user` of REST calls). */
  bot(): SimAgent;
  /** Broadcast `{event, data: {...data, account_id}}` to every live agent subscription. */
  broadcast(event: string, data: Record<string, unknown>): void;
  /** POST to the API-channel callback when one is configured; `messageId` enables the failure side effect. */
  webhook(event: WebhookEvent, payload: Record<string, unknown>, messageId?: number): void;
  /** Answers the spec allows that real installations (or proxies) give: a delete's 200 without a body. */
  quirks?: { deleteWithoutBody?: boolean; contactSearchOverlap?: boolean };
}

/** Thrown by actions on misuse (unknown ids); REST turns `status` into the response. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const NOT_FOUND = 'Resource could not be found';

export function requireConversation(core: SimCore, displayId: number): SimConversation {
  const conversation = core.state.conversations.get(displayId);
  if (!conversation) throw new SimError(404, NOT_FOUND);
  return conversation;
}

export function touch(core: SimCore, conversation: SimConversation): void {
  conversation.updatedAtMs = core.now();
}
