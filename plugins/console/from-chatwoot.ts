import type { AnyEvent, PluginContext } from '../../src/index.ts';
import { threadOpened, type FailureInput, type LifecycleEventName, type Surface } from '../../src/surface/index.ts';
import type { ConsoleSession } from './deps.ts';
import { formatEvent, openedLine } from './format-event.ts';

/** Status and assignee changes get a line of their own. */
const LIFECYCLE_EVENTS: readonly LifecycleEventName[] = ['conversation.status_changed', 'assignee.changed'];

/**
 * Chatwoot → the terminal, as the surface kit's {@link Surface}: `createMirror(ctx, surface)`
 * decides what is shown when, exactly as for Slack and Discord. A conversation's "thread" is its
 * `#id` in the transcript: opening it prints who opened it; a message is printed once (and linked,
 * so a deletion in Chatwoot can be shown); the console's own replies come back as "✓ sent" lines,
 * never as messages; a reply or note that failed for good is flagged (by to-chatwoot.ts, which
 * wrote it). The console shows no edits (Chatwoot's edit of a printed line cannot change the
 * scrollback), so `edit` prints nothing. Printing needs no outbox: it cannot fail the way a remote
 * surface can.
 *
 * @example
 * createMirror(ctx, createConsoleSurface(ctx, session, { flagFailure: flagFailure(session) }));
 */
export function createConsoleSurface(ctx: PluginContext<unknown>, session: ConsoleSession, toChatwoot: { flagFailure(input: FailureInput): Promise<void> }): Surface {
  // The kit hands over the events it was given: known events, typed more loosely.
  const show = (event: { name: string }) => {
    const line = formatEvent(event as AnyEvent);
    if (line) session.print(line);
  };
  return {
    name: 'console',
    placeFor: (conversation) => `#${conversation.id}`,
    placeOf: (link) => link.key,
    async openThread({ conversationId, conversation, place }) {
      session.print(openedLine(conversationId, conversation));
      await ctx.links.setConversation(conversationId, 'console', { key: place });
      await threadOpened(ctx.store, conversationId);
    },
    async post({ message, event }) {
      show(event);
      await ctx.links.setMessage(message.id, 'console', { key: String(message.id) });
    },
    echoed: ({ event }) => show(event),
    edit: async () => undefined,
    remove: async ({ event }) => show(event),
    flagFailure: (input) => toChatwoot.flagFailure(input),
    tell: async ({ text }) => session.print(text),
    lifecycle: { events: LIFECYCLE_EVENTS, changed: async ({ event }) => show(event) },
  };
}
