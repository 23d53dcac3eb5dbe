import { CHATWOOT_MAX_CONTENT, type PluginContext } from '../../src/index.ts';
import { CONSOLE_HELP, consoleCommandHelp } from './console-help.ts';
import type { ConsoleInput } from './parse-input.ts';

/** What an entry can change or use in the console. */
export interface ConsoleSession {
  /** The `/use` conversation. */
  current: number | undefined;
  setCurrent(id: number | undefined): void;
  /** Prints lines (already terminal-safe or not: the printer cleans them). */
  print(text: string): void;
  /** Stops Switchboard. */
  quit(): void;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Runs one parsed entry; returns false when the console should stop. Errors are shown, never thrown. */
export async function handleEntry(ctx: PluginContext<unknown>, session: ConsoleSession, input: ConsoleInput): Promise<boolean> {
  try {
    switch (input.kind) {
      case 'empty':
      case 'expect':
        return true;
      case 'quit':
        session.quit();
        return false;
      case 'invalid':
        session.print(`? ${input.reason}`);
        return true;
      case 'use':
        await use(ctx, session, input.conversationId);
        return true;
      case 'help': {
        const own = input.topic === undefined ? undefined : consoleCommandHelp(input.topic);
        if (own) session.print(own);
        else await dispatch(ctx, session, input.topic ? `help ${input.topic}` : 'help');
        if (input.topic === undefined) session.print(CONSOLE_HELP);
        return true;
      }
      case 'reply': {
        if (input.text.length > CHATWOOT_MAX_CONTENT) {
          session.print(`✗ not sent: the message is ${count(input.text.length)} characters long and Chatwoot accepts at most ${count(CHATWOOT_MAX_CONTENT)} — split it`);
          return true;
        }
        const write = input.private ? ctx.chatwoot.note : ctx.chatwoot.reply;
        await write(input.conversationId, input.text, { origin: { surface: 'console' } });
        return true;
      }
      case 'command':
        await dispatch(ctx, session, input.text, input.conversationId);
        return true;
    }
  } catch (error) {
    session.print(`⚠ ${(error as Error).message}`);
    return true;
  }
}

async function use(ctx: PluginContext<unknown>, session: ConsoleSession, id: number | null | undefined): Promise<void> {
  if (id === undefined) {
    session.print(session.current === undefined ? 'no current conversation: "/use <id>" picks one' : `current conversation: #${session.current}`);
    return;
  }
  if (id === null) {
    session.setCurrent(undefined);
    session.print('no current conversation: address replies with "#<id> text"');
    return;
  }
  let who = '';
  try {
    const conversation = await ctx.chatwoot.getConversation(id);
    who = conversation.meta?.sender?.name ? ` (${conversation.meta.sender.name}, ${conversation.status})` : ` (${conversation.status})`;
  } catch (error) {
    session.print(`? cannot use #${id}: ${(error as Error).message}`);
    return;
  }
  session.setCurrent(id);
  session.print(`now in #${id}${who}: plain text replies to it, /resolve and other commands act on it; /use none leaves it`);
}

async function dispatch(ctx: PluginContext<unknown>, session: ConsoleSession, text: string, conversationId?: number): Promise<void> {
  const profile = await agentOf(ctx);
  const show = async (reply: string) => session.print(reply);
  await ctx.commands.dispatch({
    surface: 'console',
    text,
    user: { id: 'console', name: profile.name, roles: ['admin', 'agent'], chatwootAgentId: profile.id },
    ...(conversationId === undefined ? {} : { conversationId }),
    reply: show,
    replyPrivately: show,
  });
}

const agents = new WeakMap<object, Promise<{ id: number; name: string }>>();
/** The console acts as the bot's own Chatwoot user (read once per bot). */
function agentOf(ctx: PluginContext<unknown>) {
  let agent = agents.get(ctx);
  if (!agent) agents.set(ctx, (agent = ctx.chatwoot.getProfile().then((p) => ({ id: p.id, name: p.name }))));
  return agent;
}
