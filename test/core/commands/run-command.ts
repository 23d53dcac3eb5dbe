import type { CommandInvocation, CommandRegistry, CommandUser, DispatchOutcome } from '../../../src/core/commands/create-command-registry.ts';

export const AGENT: CommandUser = { id: 'U1', name: 'Ann', roles: [], chatwootAgentId: 7 };
export const VISITOR: CommandUser = { id: 'U2', name: 'Vic', roles: [] };

export interface Run extends DispatchOutcome {
  replies: string[];
  privateReplies: string[];
}

/** Dispatches like a surface would, collecting what the user would see. */
export async function runCommand(
  registry: CommandRegistry,
  text: string,
  options: { user?: CommandUser; conversationId?: number; surface?: string; signal?: AbortSignal } = {},
): Promise<Run> {
  const replies: string[] = [];
  const privateReplies: string[] = [];
  const invocation: CommandInvocation = {
    surface: options.surface ?? 'console',
    text,
    user: options.user ?? AGENT,
    ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    reply: async (line) => void replies.push(line),
    replyPrivately: async (line) => void privateReplies.push(line),
  };
  const outcome = await registry.dispatch(invocation);
  return { ...outcome, replies, privateReplies };
}
