import { Routes } from 'discord.js';
import type { Bridge } from './bridge.ts';
import { discordCode } from './discord-errors.ts';
import { createHeaderState } from './header-state.ts';

const THREAD_ARCHIVED = 50083;

/**
 * Runs an edit of a thread or of one of its messages; when Discord refuses because the thread is
 * archived, opens it for a moment, edits, and archives it again — unless the conversation was
 * reopened meanwhile.
 *
 * @example
 * await editEvenIfArchived(bridge, threadId, 42, () => bridge.rest.patch(Routes.channel(threadId), { body: { name } }));
 */
export async function editEvenIfArchived(bridge: Bridge, threadId: string, conversationId: number, edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
    return;
  } catch (error) {
    if (discordCode(error) !== THREAD_ARCHIVED) throw error;
  }
  await bridge.rest.patch(Routes.channel(threadId), { body: { archived: false, locked: false } });
  await edit();
  const last = await createHeaderState(bridge.ctx.store).last(conversationId);
  if (last?.status === 'resolved') await bridge.rest.patch(Routes.channel(threadId), { body: { archived: true, locked: true } });
}
