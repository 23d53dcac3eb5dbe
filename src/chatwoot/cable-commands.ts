/**
 * ActionCable commands for Chatwoot's RoomChannel, as the strings to `ws.send`. The identifier is
 * itself a JSON string; Chatwoot keys subscriptions by that exact string, so build it in one place.
 */

export interface RoomIdentifierInput {
  pubsubToken: string;
  /** Required for agents (users); omit both ids for a contact subscription. */
  accountId?: number;
  userId?: number;
}

/**
 * `{"channel":"RoomChannel","pubsub_token":…,"account_id":…,"user_id":…}` with numeric ids.
 *
 * @example
 * roomIdentifier({ pubsubToken: 'token', accountId: 1, userId: 1 });
 * // → '{"channel":"RoomChannel","pubsub_token":"token","account_id":1,"user_id":1}'
 */
export function roomIdentifier({ pubsubToken, accountId, userId }: RoomIdentifierInput): string {
  const identifier: Record<string, string | number> = { channel: 'RoomChannel', pubsub_token: pubsubToken };
  if (accountId !== undefined) identifier['account_id'] = Number(accountId);
  if (userId !== undefined) identifier['user_id'] = Number(userId);
  return JSON.stringify(identifier);
}

/**
 * @example
 * ws.send(subscribeCommand(roomIdentifier({ pubsubToken, accountId: 1, userId: 7 })));
 */
export function subscribeCommand(identifier: string): string {
  return JSON.stringify({ command: 'subscribe', identifier });
}

/**
 * Keeps the agent online in Chatwoot (its presence TTL is 20 s, so send it every ≤ 15 s).
 *
 * @example
 * setInterval(() => ws.send(presenceCommand(identifier)), 15_000);
 */
export function presenceCommand(identifier: string): string {
  return JSON.stringify({ command: 'message', identifier, data: JSON.stringify({ action: 'update_presence' }) });
}

/**
 * @example
 * ws.send(unsubscribeCommand(identifier));
 */
export function unsubscribeCommand(identifier: string): string {
  return JSON.stringify({ command: 'unsubscribe', identifier });
}
