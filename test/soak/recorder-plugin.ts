import { closeSync, openSync, writeSync } from 'node:fs';
import { definePlugin, z, type MessageEvent } from '../../src/index.ts';

/** One line of the record file. */
export interface DeliveryRecord {
  phase: 'start' | 'end';
  /** Chatwoot message id. */
  id: number;
  conversationId: number;
  replayed: boolean;
  source: string;
  pid: number;
  /** Unix ms in the bot process. */
  at: number;
}

/**
 * The soak's witness inside the bot: one JSON line per customer `message.created` it handles, a
 * `start` before and an `end` after the handler's work (in ack mode: replying `ack <id>`).
 * Each line is one `writeSync` on a descriptor opened once, so a `kill -9` loses nothing already
 * written. Agent-side messages (the acks themselves) are not deliveries and are not recorded.
 *
 * @example
 * // soak config
 * export default { plugins: ['/abs/test/soak/recorder-plugin.ts'], settings: { 'soak-recorder': { file: '/tmp/records.jsonl', ack: true } } };
 */
export default definePlugin({
  name: 'soak-recorder',
  config: z.object({ file: z.string().min(1), ack: z.boolean().default(false) }),
  setup(ctx) {
    const fd = openSync(ctx.config.file, 'a');
    ctx.onShutdown(() => closeSync(fd));
    const record = (phase: DeliveryRecord['phase'], event: MessageEvent, conversationId: number) => {
      const line: DeliveryRecord = {
        phase,
        id: event.message.id,
        conversationId,
        replayed: event.replayed,
        source: event.source,
        pid: process.pid,
        at: Date.now(),
      };
      writeSync(fd, `${JSON.stringify(line)}\n`);
    };
    ctx.on('message.created', async (event) => {
      const conversationId = event.conversationId;
      if (event.message.message_type !== 'incoming' || conversationId === null) return;
      record('start', event, conversationId);
      if (ctx.config.ack) await ctx.chatwoot.reply(conversationId, `ack ${event.message.id}`);
      record('end', event, conversationId);
    });
  },
});
