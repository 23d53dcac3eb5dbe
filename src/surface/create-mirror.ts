import type { Conversation, ConversationEvent, PluginContext } from '../index.ts';
import { isMirroredLink, linkEcho } from './echo-links.ts';
import { ensureThread, threadState } from './ensure-thread.ts';
import { failedWriteOrigin } from './failed-write-origin.ts';
import type { Mirror, OpenCause, Surface } from './surface.ts';
import { writeOpOf } from './write-notices.ts';

/** A snapshot without its id (Chatwoot's `assignee.changed` sample) is not enough to open a thread. */
const snapshotOf = (conversation: Conversation): Conversation | undefined => (conversation.id === null ? undefined : conversation);

/**
 * Chatwoot → a surface, the same way for every surface: subscribes to the Chatwoot events and calls
 * the {@link Surface} for what to do.
 *
 * - `conversation.created` opens the thread (`placeFor(…, 'created')` may decline).
 * - `message.created` posts the message into the thread, opening it first when needed — unless the
 *   message came from this surface (`origin === surface.name`): that is our own write coming back,
 *   so it is only linked to the surface message it was typed as (see `linkEcho`), never posted
 *   again. A message already linked (a replay) is skipped.
 * - `message.updated` edits (or, for a soft delete, removes) a message the surface posted; echoes
 *   and messages it never posted are left alone.
 * - the lifecycle events the surface follows bring its thread up to date (card, header, status,
 *   name), or open it when there is none yet.
 * - `switchboard.delivery_failed` of a write made for a person on this surface is flagged to them
 *   (`flagFailure`); other failures are logged.
 *
 * @example
 * export default definePlugin({
 *   name: 'teams',
 *   setup(ctx) {
 *     const mirror = createMirror(ctx, createTeamsSurface(ctx)); // see docs/surfaces.md
 *     ctx.command({ name: 'open', description: 'Open the thread', conversation: 'required' }, async (cmd) => {
 *       await mirror.ensureThread(cmd.conversationId!);
 *     });
 *   },
 * });
 */
export function createMirror(ctx: PluginContext<unknown>, surface: Surface): Mirror {
  const name = surface.name;

  const open = async (conversationId: number, known: Conversation | undefined, cause: OpenCause): Promise<string | undefined> => {
    const thread = await ensureThread(
      ctx,
      name,
      conversationId,
      {
        placeFor: (conversation) => surface.placeFor(conversation, cause),
        open: (conversation, place) => surface.openThread({ conversationId, conversation, place }),
      },
      known,
    );
    if (!thread) return undefined;
    return thread.state === 'linked' ? surface.placeOf(thread.link, conversationId) : thread.place;
  };

  ctx.on('conversation.created', async (event) => {
    if (event.conversationId !== null) await open(event.conversationId, snapshotOf(event.conversation), 'created');
  });

  ctx.on('message.created', async (event) => {
    const id = event.conversationId;
    if (id === null) return;
    const message = event.message;
    if (event.origin === name) {
      await surface.echoed?.({ conversationId: id, message, event });
      if (event.originRef) await linkEcho(ctx.links, name, message.id, event.originRef, { private: message.private });
      return;
    }
    if (await ctx.links.getMessage(message.id, name)) return; // already mirrored (a replay)
    if (surface.shows && !surface.shows(message, event)) return;
    const place = await open(id, undefined, 'message');
    if (place === undefined) return;
    await surface.post({ conversationId: id, place, message, event });
  });

  ctx.on('message.updated', async (event) => {
    if (event.origin === name) return; // our own delete coming back
    const link = await ctx.links.getMessage(event.message.id, name);
    if (!isMirroredLink(link)) return; // never posted by us, or typed here (an echo)
    const input = { conversationId: event.conversationId, link, message: event.message, event };
    await (event.deleted ? surface.remove(input) : surface.edit(input));
  });

  const lifecycle = surface.lifecycle;
  if (lifecycle) {
    const onChange = async (event: ConversationEvent) => {
      const id = event.conversationId;
      if (id === null) return;
      const thread = await threadState(ctx, name, id);
      if (!thread) return void (await open(id, snapshotOf(event.conversation), 'changed'));
      const place = thread.state === 'linked' ? await surface.placeOf(thread.link, id) : thread.place;
      const conversation = async () => snapshotOf(event.conversation) ?? (await ctx.chatwoot.getConversation(id));
      await lifecycle.changed({ conversationId: id, place, linked: thread.state === 'linked', event, conversation });
    };
    for (const eventName of lifecycle.events) ctx.on(eventName, onChange);
    const contactChanged = lifecycle.contactChanged;
    if (contactChanged) ctx.on('contact.updated', (event) => contactChanged(event));
  }

  ctx.on('switchboard.delivery_failed', async (event) => {
    const origin = failedWriteOrigin(event);
    if (origin?.surface === name && origin.ref) {
      await surface.flagFailure({ ref: origin.ref, op: writeOpOf(event.entryId), error: event.error, entryId: event.entryId, conversationId: event.conversationId, event });
      return;
    }
    ctx.log.warn({ kind: event.kind, destination: event.destination, error: event.error }, `${name}: a write failed for good`);
  });

  return { ensureThread: (conversationId, conversation, cause = 'message') => open(conversationId, conversation, cause) };
}
