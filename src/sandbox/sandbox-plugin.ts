import { CommandError } from '../core/commands/command-types.ts';
import { definePlugin, type Plugin } from '../core/plugins/plugin.ts';
import type { ChatwootSimulator } from './create-chatwoot-simulator.ts';
import type { SimulatedCustomers } from './simulated-customers.ts';

/**
 * The sandbox's own plugin: `customer <id> <text>` and `customer new <Name>: <text>` make the
 * simulator send a customer message (so a plugin can be exercised again without a restart), and
 * agents' replies go to the simulated customers, who answer now and then.
 *
 * @example
 * const plugin = createSandboxPlugin({ simulator, customers: () => customers });
 * // in the console: /customer 3 It still fails  ·  /customer new Alan Turing: Hello?
 */
export function createSandboxPlugin(deps: { simulator: ChatwootSimulator; customers: () => SimulatedCustomers | undefined }): Plugin {
  const { simulator } = deps;
  return definePlugin({
    name: 'sandbox',
    setup(ctx) {
      ctx.on('message.created', (event) => {
        const m = event.message;
        if (event.replayed || event.conversationId === null || m.message_type !== 'outgoing' || m.private) return;
        deps.customers()?.agentReplied(event.conversationId);
      });
      ctx.command(
        {
          name: 'customer',
          description: 'Sandbox: write as the customer of a conversation, or open a new one ("new Name: text")',
          args: [
            { name: 'target', description: 'a conversation number, or "new"', required: true },
            { name: 'text', type: 'rest', required: true, description: 'what the customer writes ("Name: text" after new)' },
          ],
        },
        async (cmd) => {
          const target = String(cmd.args['target']).replace(/^#/, '');
          const text = String(cmd.args['text']);
          if (target.toLowerCase() === 'new') {
            const named = /^([^:\n]{1,80}):\s*([\s\S]+)$/.exec(text);
            const contactName = named?.[1]?.trim() || 'Sandbox Customer';
            const content = named?.[2] ?? text;
            const conversation = simulator.createConversation({ contactName, content });
            await cmd.replyPrivately(`${contactName} opened #${conversation.id}`);
            return;
          }
          const id = Number(target);
          if (!/^\d+$/.test(target) || !Number.isSafeInteger(id) || id <= 0) throw new CommandError('use "customer <conversation number> <text>" or "customer new <Name>: <text>"');
          if (!simulator.conversation(id)) throw new CommandError(`no conversation #${id} in the sandbox; "customer new <Name>: <text>" opens one`);
          simulator.customerMessage(id, text);
          await cmd.replyPrivately(`the customer of #${id} wrote it`);
        },
      );
    },
  });
}
