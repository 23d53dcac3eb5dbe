import { Routes } from 'discord.js';
import type { Bridge } from './bridge.ts';
import { discordCode } from './discord-errors.ts';
import { createHeaderState } from './header-state.ts';

const THREAD_ARCHIVED = 50083;
const THREAD_LOCKED = 160005;

/**
 * Runs an edit of a thread or of one of its messages (or a post into it); when Discord refuses
 * because the thread is archived (50083) or locked (160005), opens it for a moment, writes, and
 * archives and locks it again — unless the conversation was reopened meanwhile. Such a refusal is
 * only final once this path was tried.
 *
 * @example
 * await editEvenIfArchived(bridge, threadId, 42, () => bridge.rest.patch(Routes.channel(threadId), { body: { name } }));
 */
export async function editEvenIfArchived(bridge: Bridge, threadId: string, conversationId: number, edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
    return;
  } catch (error) {
    const code = discordCode(error);
    if (code !== THREAD_ARCHIVED && code !== THREAD_LOCKED) throw error;
  }
  await bridge.rest.patch(Routes.channel(threadId), { body: { archived: false, locked: false } });
  await edit();
  const last = await createHeaderState(bridge.ctx.store).last(conversationId);
  if (last?.status === 'resolved') await bridge.rest.patch(Routes.channel(threadId), { body: { archived: true, locked: true } });
}
