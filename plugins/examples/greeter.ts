import { definePlugin, z } from '../../src/index.ts';

/**
 * The plugin built step by step in docs/plugins.md: greets every new conversation once, and gives
 * agents `/greet` on every surface.
 */
export default definePlugin({
  name: 'greeter',
  config: z.object({ greeting: z.string().default('Hi! An agent will be with you shortly.') }),
  setup(ctx) {
    ctx.on('conversation.created', async (event) => {
      if (event.replayed || event.conversationId === null) return; // no greeting for old news
      await ctx.chatwoot.reply(event.conversationId, ctx.config.greeting);
    });
    ctx.command(
      { name: 'greet', description: 'Send the greeting again', conversation: 'required', permission: 'agent' },
      async (cmd) => {
        await ctx.chatwoot.reply(cmd.conversationId!, ctx.config.greeting, { origin: { surface: cmd.surface } });
        await cmd.reply(`Greeting sent to #${cmd.conversationId}.`);
      },
    );
  },
});
