import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { Logger } from '../../observability/logger.ts';

/**
 * Inbox names for conversation events (Chatwoot sends only `inbox_id`). The list is read in the
 * background at start (events before it arrives carry the id only) and again, at most once a minute, when an event names an inbox it does not know; look-ups are
 * synchronous and never wait for REST.
 *
 * @example
 * const inboxes = createInboxNames({ rest, log });
 * void inboxes.load();
 * inboxes.nameOf(3); // 'Website'
 */
export function createInboxNames(deps: { rest: Pick<ChatwootRest, 'listInboxes'>; log: Logger; now?: () => number; refreshAfterMs?: number }) {
  const now = deps.now ?? Date.now;
  const refreshAfterMs = deps.refreshAfterMs ?? 60_000;
  const names = new Map<number, string>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;
  let first: Promise<void> | undefined;

  const load = (): Promise<void> => {
    loading ??= deps.rest
      .listInboxes()
      .then((inboxes) => {
        for (const inbox of inboxes) names.set(inbox.id, inbox.name);
      })
      .catch((error: unknown) => deps.log.warn({ err: (error as Error).message }, 'could not read the inbox list; headers show inbox ids'))
      .finally(() => {
        loadedAt = now();
        loading = undefined;
      });
    first ??= loading;
    return loading;
  };

  return {
    load,
    /** Resolves once the first load attempt ended (at once if none started): names known from then on. */
    ready: (): Promise<void> => first ?? Promise.resolve(),
    nameOf(inboxId: number): string | undefined {
      const name = names.get(inboxId);
      if (name === undefined && !loading && now() - loadedAt >= refreshAfterMs) void load();
      return name;
    },
  };
}

export type InboxNames = ReturnType<typeof createInboxNames>;
