import type { ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';

const ACK = /^ack (\d+)$/;

/**
 * How many `ack <id>` replies Chatwoot holds per customer message id (outgoing messages only).
 *
 * @example
 * countAcks(sim, [1, 2]).get(17); // 1
 */
export function countAcks(sim: ChatwootSimulator, conversationIds: readonly number[]): Map<number, number> {
  const acks = new Map<number, number>();
  for (const conversationId of conversationIds) {
    for (const message of sim.messages(conversationId)) {
      if (message.message_type !== 1) continue;
      const match = ACK.exec(message.content ?? '');
      if (!match) continue;
      const id = Number(match[1]);
      acks.set(id, (acks.get(id) ?? 0) + 1);
    }
  }
  return acks;
}
