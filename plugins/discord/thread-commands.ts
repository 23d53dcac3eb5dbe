import type { Message } from 'discord.js';
import { bangCommand } from '../kit/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { commandUserOf } from './commands.ts';
import type { NoticePayload } from './message-executors.ts';

/**
 * `!resolve`, `!snooze 2h`… typed in a mirrored thread or channel run as commands on its
 * conversation, exactly as in Slack threads: such a line never reaches the customer. Public answers
 * stay in the thread as a reply to the command; private ones are replies that go away after
 * `noticeTtlMs` (Discord has no ephemeral messages outside interactions).
 *
 * @example
 * const runBang = createThreadCommands(deps);
 * if (await runBang(message, conversationId)) return; // it was a command
 */
export function createThreadCommands(deps: DiscordDeps) {
  const { ctx } = deps;
  const notice = (message: Message, text: string, ttlMs: number) =>
    ctx.outbox.enqueue('notice', message.channelId, { channelId: message.channelId, messageId: message.id, text, ttlMs } satisfies NoticePayload);

  return async function runBang(message: Message, conversationId: number): Promise<boolean> {
    const text = bangCommand(message.content, ctx.commands.list());
    if (text === undefined) return false;
    const name = message.member?.displayName ?? message.author.globalName ?? message.author.username;
    const roles = message.member ? [...message.member.roles.cache.keys()] : [];
    const publicLines: string[] = [];
    const privateLines: string[] = [];
    await ctx.commands.dispatch({
      surface: SURFACE,
      text,
      user: commandUserOf(deps, message.author.id, name, roles),
      conversationId,
      reply: async (line) => void publicLines.push(line),
      replyPrivately: async (line) => void privateLines.push(line),
    });
    const shown = (lines: string[]) => lines.filter((l) => l.trim()).join('\n');
    if (shown(publicLines)) await notice(message, shown(publicLines), 0);
    if (shown(privateLines)) await notice(message, shown(privateLines), ctx.config.noticeTtlMs);
    return true;
  };
}
