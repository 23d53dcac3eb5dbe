import { definePlugin, type MessageEvent } from '../../src/index.ts';

/**
 * The sandbox's terminal view: conversations and messages as plain lines on stdout.
 * (Answering from the terminal comes with the runtime's outbox.)
 */
export default definePlugin({
  name: 'console',
  setup(ctx) {
    const write = (line: string) => process.stdout.write(`${line}\n`);
    const who = (event: MessageEvent) => event.message.sender?.name ?? event.message.message_type;
    ctx.on('conversation.created', (event) => {
      const contact = event.conversation.meta?.sender?.name ?? 'someone';
      write(`── #${event.conversationId} opened by ${contact} (${event.conversation.status})`);
    });
    ctx.on('message.created', (event) => {
      const note = event.message.private ? ' [private note]' : '';
      write(`#${event.conversationId} ${who(event)}${note}: ${event.message.content ?? '(attachment)'}`);
    });
    ctx.on('conversation.status_changed', (event) => write(`── #${event.conversationId} is now ${event.conversation.status}`));
  },
});
