import { definePlugin } from '../../src/index.ts';

/**
 * A plugin that records every `message.created` it is handed, per conversation, in arrival order:
 * the bench's ground truth for "delivered", "lost", "doubled" and "in order".
 *
 * @example
 * const seen = createSeen();
 * createRuntime({ ..., plugins: [seen.plugin] });
 * seen.total(); seen.doubled(); seen.inOrder();
 */
export function createSeen(name = 'counting') {
  const times = new Map<number, number>();
  const byConversation = new Map<number, number[]>();
  let total = 0;
  const plugin = definePlugin({
    name,
    setup(ctx) {
      ctx.on('message.created', (event) => {
        total += 1;
        const id = event.message.id;
        times.set(id, (times.get(id) ?? 0) + 1);
        const conversation = event.conversationId ?? 0;
        const list = byConversation.get(conversation);
        if (list) list.push(id);
        else byConversation.set(conversation, [id]);
      });
    },
  });
  return {
    plugin,
    /** Deliveries, doubles included. */
    total: () => total,
    has: (id: number) => times.has(id),
    /** Ids handed over more than once. */
    doubled: () => [...times.values()].filter((n) => n > 1).length,
    /** Every conversation's ids arrived in increasing order. */
    inOrder: () => [...byConversation.values()].every((ids) => ids.every((id, i) => i === 0 || id > ids[i - 1]!)),
  };
}
