import { definePlugin, z } from '../../src/index.ts';

const rule = z.object({ label: z.string().min(1), keywords: z.array(z.string().min(1)).min(1) });

/**
 * Labels a conversation from what the customer writes: "invoice" → `billing`, "crash" → `bug`.
 * Shows: typed settings with defaults, `ctx.on`, `ctx.store`, and a Chatwoot write through the
 * outbox (`ctx.chatwoot.label` merges with the labels already there).
 *
 * Settings (config/switchboard.config.ts):
 *   settings: { 'auto-labeller': { rules: [{ label: 'billing', keywords: ['invoice', 'refund'] }] } }
 */
export default definePlugin({
  name: 'auto-labeller',
  config: z.object({
    rules: z.array(rule).default([
      { label: 'billing', keywords: ['invoice', 'refund', 'payment', 'charge'] },
      { label: 'bug', keywords: ['error', 'broken', 'crash', 'does nothing'] },
    ]),
  }),
  setup(ctx) {
    const rules = ctx.config.rules.map((r) => ({ label: r.label, words: r.keywords.map((k) => k.toLowerCase()) }));
    ctx.on('message.created', async (event) => {
      const { message } = event;
      if (message.message_type !== 'incoming' || message.private || event.conversationId === null) return;
      const text = (message.content ?? '').toLowerCase();
      const applied = new Set((await ctx.store.get<string[]>(`labels:${event.conversationId}`)) ?? []);
      const add = rules.filter((r) => !applied.has(r.label) && r.words.some((w) => text.includes(w))).map((r) => r.label);
      if (add.length === 0) return;
      await ctx.chatwoot.label(event.conversationId, { add });
      await ctx.store.set(`labels:${event.conversationId}`, [...applied, ...add]);
      ctx.log.info({ conversation: event.conversationId, add }, 'labelled');
    });
  },
});
