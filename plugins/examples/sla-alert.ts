import { definePlugin, z } from '../../src/index.ts';

/**
 * Posts a private note when a customer has waited too long for a human answer, once per wait.
 * Shows: settings, timers tied to `ctx.signal`, `ctx.store` as durable state, private notes, and a
 * command (`/waiting`) that works on every surface.
 *
 * Settings: `settings: { 'sla-alert': { waitMinutes: 15, checkEverySeconds: 60 } }`
 */
export default definePlugin({
  name: 'sla-alert',
  config: z.object({
    waitMinutes: z.number().min(0).default(15),
    checkEverySeconds: z.number().positive().default(60),
  }),
  setup(ctx) {
    // conversation id → unix seconds of the first unanswered customer message
    const load = async () => (await ctx.store.get<Record<string, number>>('waiting')) ?? {};
    let saving = Promise.resolve();
    const update = (change: (waiting: Record<string, number>) => void) =>
      (saving = saving.then(async () => {
        const waiting = await load();
        change(waiting);
        await ctx.store.set('waiting', waiting);
      }));

    ctx.on('message.created', async (event) => {
      const { message } = event;
      const id = event.conversationId;
      if (id === null || message.private) return;
      if (message.message_type === 'incoming') {
        await update((w) => {
          w[id] ??= message.created_at;
        });
      } else if (message.message_type === 'outgoing' && event.origin !== 'sla-alert') {
        await update((w) => {
          delete w[id];
        });
      }
    });
    ctx.on('conversation.status_changed', async (event) => {
      const id = event.conversationId;
      if (id !== null && event.conversation.status !== 'open') await update((w) => delete w[id]);
    });

    const check = async () => {
      const limit = ctx.config.waitMinutes * 60;
      const nowSeconds = Date.now() / 1000;
      const alerted = (await ctx.store.get<Record<string, number>>('alerted')) ?? {};
      for (const [id, since] of Object.entries(await load())) {
        if (nowSeconds - since < limit || alerted[id] === since) continue;
        const minutes = Math.floor((nowSeconds - since) / 60);
        await ctx.chatwoot.note(Number(id), `⏰ The customer has been waiting ${minutes} min for an answer (SLA ${ctx.config.waitMinutes} min).`);
        alerted[id] = since;
      }
      await ctx.store.set('alerted', alerted);
      ctx.log.debug('sla check done');
    };
    const timer = setInterval(() => void check().catch((error: unknown) => ctx.log.warn({ err: error }, 'SLA check failed')), ctx.config.checkEverySeconds * 1000);
    timer.unref();
    ctx.signal.addEventListener('abort', () => clearInterval(timer));

    ctx.command({ name: 'waiting', description: 'Conversations waiting for a human answer, longest first' }, async (cmd) => {
      const nowSeconds = Date.now() / 1000;
      const rows = Object.entries(await load()).sort((a, b) => a[1] - b[1]);
      if (rows.length === 0) return cmd.reply('Nobody is waiting. 🎉');
      await cmd.reply(rows.map(([id, since]) => `#${id} waiting ${Math.floor((nowSeconds - since) / 60)} min`).join('\n'));
    });
  },
});
