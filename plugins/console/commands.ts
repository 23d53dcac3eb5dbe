import type { PluginContext } from '../../src/index.ts';
import { CONSOLE_HELP, consoleCommandHelp } from './console-help.ts';
import type { ConsoleSession } from './deps.ts';

/**
 * Runs a registry command as the console's user — the bot's own Chatwoot agent, with every role —
 * printing its answers (the console has one reader, so private and public answers are the same).
 *
 * @example
 * await dispatch(ctx, session, 'resolve', 42);
 */
export async function dispatch(ctx: PluginContext<unknown>, session: ConsoleSession, text: string, conversationId?: number): Promise<void> {
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

/** `help [topic]`: the console's own commands, then the registry's. */
export async function help(ctx: PluginContext<unknown>, session: ConsoleSession, topic: string | undefined): Promise<void> {
  const own = topic === undefined ? undefined : consoleCommandHelp(topic);
  if (own) session.print(own);
  else await dispatch(ctx, session, topic ? `help ${topic}` : 'help');
  if (topic === undefined) session.print(CONSOLE_HELP);
}

/** `/use <id>` makes a conversation current, `/use none` clears it, `/use` shows it. */
export async function use(ctx: PluginContext<unknown>, session: ConsoleSession, id: number | null | undefined): Promise<void> {
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

const agents = new WeakMap<object, Promise<{ id: number; name: string }>>();
/** The console acts as the bot's own Chatwoot user (read once per bot). */
function agentOf(ctx: PluginContext<unknown>) {
  let agent = agents.get(ctx);
  if (!agent) agents.set(ctx, (agent = ctx.chatwoot.getProfile().then((p) => ({ id: p.id, name: p.name }))));
  return agent;
}
