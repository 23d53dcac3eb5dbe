import { isChatwootApiError } from '../../chatwoot/rest/chatwoot-error.ts';
import { CommandError } from './command-types.ts';

/**
 * Runs a read or write of conversation `id`, turning Chatwoot's 404 into words the user can act on
 * (instead of `"show" failed: 404 from GET …`).
 *
 * @example
 * const conversation = await withConversation(42, () => rest.getConversation(42));
 */
export async function withConversation<T>(id: number, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isChatwootApiError(error) && error.kind === 'not_found') throw new CommandError(`there is no conversation #${id}`);
    throw error;
  }
}
