import type { ContactEvent, Conversation, ConversationEvent, DeliveryFailedEvent, Message, MessageEvent } from '../index.ts';
import type { SurfaceLink } from './echo-links.ts';
import type { MessageWriteOp } from './write-notices.ts';

/** Why a thread is about to be opened: a new conversation, a message in one, or a change to one. */
export type OpenCause = 'created' | 'message' | 'changed';

/** The conversation events a surface can follow to keep its thread current (card, header, status, name). */
export type LifecycleEventName = 'conversation.status_changed' | 'conversation.updated' | 'assignee.changed' | 'team.changed' | 'conversation.contact_changed';

/** A Chatwoot message to show on the surface for the first time. */
export interface PostInput {
  conversationId: number;
  /** Where the conversation's thread is (see {@link Surface.placeFor}). */
  place: string;
  message: Message;
  event: MessageEvent;
}

/** A mirrored message that changed in Chatwoot: edited, or soft-deleted. */
export interface ChangeInput {
  conversationId: number | null;
  /** The link the surface stored when it posted the message. */
  link: SurfaceLink;
  message: Message;
  event: MessageEvent;
}

/** A Chatwoot write made for a person on this surface failed for good. */
export interface FailureInput {
  /** The surface's id of what the person did (their message, or the message they deleted). */
  ref: string;
  /** Which write failed, when its outbox id says (`writeId`); else the surface decides. */
  op: MessageWriteOp | undefined;
  /** Why, in Chatwoot's or the outbox's words. */
  error: string;
  entryId: string;
  conversationId: number | null;
  event: DeliveryFailedEvent;
}

/** A sentence for one person only (Slack: an ephemeral; Discord: a reply addressed to them). */
export interface TellInput {
  user: string;
  /** The channel (or the surface's equivalent) the person is in. */
  place: string;
  /** What the notice hangs on: a thread (Slack's `thread_ts`) or the person's message (Discord). */
  anchor?: string;
  text: string;
}

/** A conversation changed: the surface brings its thread up to date (card, header, status, name). */
export interface LifecycleInput {
  conversationId: number;
  /** Where the conversation's thread is (open, or still queued to open). */
  place: string;
  /** False while the thread's opening is still queued. */
  linked: boolean;
  event: ConversationEvent;
  /** The conversation: the event's snapshot, re-read from Chatwoot when the snapshot has no id. */
  conversation(): Promise<Conversation>;
}

/**
 * A chat surface (Slack, Discord, the console, yours) as the mirror sees it: where a conversation's
 * thread goes and how to open it, how to post, edit and remove a mirrored message, how to flag a
 * write that failed, and how to tell one person something privately. Everything a surface writes
 * goes through the outbox (`ctx.outbox.enqueue`), so each method only has to *queue* its writes.
 * {@link createMirror} decides what to call when; the surface never subscribes to Chatwoot events
 * for mirroring itself.
 *
 * @example
 * const surface: Surface = {
 *   name: 'slack',
 *   placeFor: (conversation) => channelFor(deps, conversation.inbox_id),
 *   placeOf: (link) => parseRef(link.key).channel,
 *   openThread: ({ conversationId, conversation, place }) => queueParent(deps, conversationId, conversation, place),
 *   post: (input) => queueReply(deps, input),
 *   edit: (input) => queueEdit(deps, input),
 *   remove: (input) => queueEdit(deps, input, { deleted: true }),
 *   flagFailure: (input) => flag(deps, input),
 *   tell: (input) => tell(deps, input.place, input.user, input.anchor, input.text),
 * };
 * createMirror(ctx, surface);
 */
export interface Surface {
  /** The plugin's name: the surface in `ctx.links`, the `origin` of its writes, the prefix of its log lines. */
  readonly name: string;
  /**
   * Where a conversation's thread goes (a channel, the outbox lane of a forum…), or `undefined`
   * when it is not mirrored here (no channel routed; Discord: a resolved conversation is not opened
   * on `created` or `changed`). The place is kept in the durable opening mark until the thread is linked.
   */
  placeFor(conversation: Conversation, cause: OpenCause): Promise<string | undefined> | string | undefined;
  /** The place of a thread that is open, from its link. */
  placeOf(link: SurfaceLink, conversationId: number): Promise<string> | string;
  /**
   * Queues the opening of the thread at `place`. Its executor links the thread
   * (`ctx.links.setConversation`) and then calls `threadOpened(ctx.store, id)`; its `onFailed`
   * calls `threadOpened` too, so the next event tries again.
   */
  openThread(input: { conversationId: number; conversation: Conversation; place: string }): Promise<void>;
  /**
   * Whether a message has anything to show here, checked before a thread is opened for it
   * (Discord refuses an empty message). Default: everything is posted (and `post` may still skip).
   */
  shows?(message: Message, event: MessageEvent): boolean;
  /** Queues a Chatwoot message into the thread (its executor links the posted message). */
  post(input: PostInput): Promise<void>;
  /** Queues the edit of a mirrored message. */
  edit(input: ChangeInput): Promise<void>;
  /** Queues what a Chatwoot (soft) deletion of a mirrored message becomes here (usually a "deleted" tombstone). */
  remove(input: ChangeInput): Promise<void>;
  /** Our own write came back from Chatwoot (it is linked and never posted): e.g. Slack ends a burst fold here. */
  echoed?(input: { conversationId: number; message: Message; event: MessageEvent }): Promise<void> | void;
  /** Shows the person that their write did not reach Chatwoot (a ⚠️ and a sentence that fits the write). */
  flagFailure(input: FailureInput): Promise<void>;
  /** Tells one person something only they see (confirmations, refusals, failure notices). */
  tell(input: TellInput): Promise<void>;
  /**
   * Following the conversation: on each of `events`, an open (or opening) thread is brought up to
   * date by `changed`; a conversation without one is opened (cause `changed`). `contactChanged`
   * receives `contact.updated` (e.g. to rename threads after the contact).
   */
  lifecycle?: {
    events: readonly LifecycleEventName[];
    changed(input: LifecycleInput): Promise<void>;
    contactChanged?(event: ContactEvent): Promise<void>;
  };
}

/** What {@link createMirror} returns: the thread opener, for commands and other entry points. */
export interface Mirror {
  /** The conversation's thread place, opening it when needed; `undefined` when it is not mirrored here. */
  ensureThread(conversationId: number, conversation?: Conversation, cause?: OpenCause): Promise<string | undefined>;
}
