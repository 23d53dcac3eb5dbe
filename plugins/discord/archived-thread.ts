import type { DiscordDeps } from './deps.ts';
import { discordCode } from './errors.ts';
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
 * await editEvenIfArchived(deps, threadId, 42, () => deps.api.renameChannel(threadId, name));
 */
export async function editEvenIfArchived(deps: DiscordDeps, threadId: string, conversationId: number, edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
    return;
  } catch (error) {
    const code = discordCode(error);
    if (code !== THREAD_ARCHIVED && code !== THREAD_LOCKED) throw error;
  }
  await deps.api.setThreadState(threadId, { archived: false, locked: false });
  await edit();
  const last = await createHeaderState(deps.ctx.store).last(conversationId);
  if (last?.status === 'resolved') await deps.api.setThreadState(threadId, { archived: true, locked: true });
}
