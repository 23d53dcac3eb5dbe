import type { Message } from '../../src/index.ts';
import { SLACK_MAX_TEXT, type RenderedMessage } from './render-message.ts';

/** One Chatwoot message inside a folded post. */
export interface FoldPart {
  messageId: number;
  rendered: RenderedMessage;
}

/** What to do with a message's reply: its own post (it may head a group), or a part of one queued ahead. */
export type FoldDecision = { post: true } | { joined: number };

export interface FoldPlanner {
  /**
   * A message's reply is about to be queued in `channel`: folded into the queued post of the same
   * sender just ahead of it in its thread (`joined`: that post's head message id), or posted on its
   * own — heading a new group when the lane is backlogged, so the next ones may join it.
   */
  offer(input: { channel: string; conversationId: number; message: Message; rendered: RenderedMessage; hasFiles: boolean }): FoldDecision;
  /** Any other write queued in the channel (parents, bridge lines, uploads…): it takes its place in the lane and ends a thread's group. */
  noteWrite(kind: string, channel: string, conversationId: number | undefined): void;
  /** The thread got a message that is not folded (e.g. an echo of a Slack reply): what follows is not consecutive. */
  close(conversationId: number): void;
  /** The head's post is being made: no more parts. Returns the parts (head first), or undefined when no group was opened in this process. */
  seal(headMessageId: number): FoldPart[] | undefined;
}

interface Group {
  conversationId: number;
  sender: string;
  parts: FoldPart[];
  length: number;
}

/** Groups kept for heads not posted yet; past this the oldest is forgotten (its head then posts alone). */
const MAX_GROUPS = 10_000;

/**
 * Folds bursts: when a thread's lane is backlogged (Slack allows about one post per second per
 * channel), consecutive messages of the same sender that are still queued become one post instead
 * of one each, so a busy conversation stops falling minutes behind. The backlog is foreseen with a
 * copy of the lane's token bucket (the outbox's rate limit for posts): a post that will have to wait
 * for its token heads a group, and every reply of the same sender that arrives before that post is
 * made joins it. Only plain replies fold (no files, no blocks such as a note's marker), within Slack's
 * text limit. Decisions are synchronous, so a join can never race the head's post.
 *
 * @example
 * const folds = createFoldPlanner({ enabled: true, rateLimit: { perSecond: 1, burst: 3 }, now: Date.now });
 * folds.offer({ channel, conversationId: 42, message, rendered, hasFiles: false }); // { post: true } or { joined: 1001 }
 */
export function createFoldPlanner(options: { enabled: boolean; rateLimit: { perSecond: number; burst: number }; now: () => number }): FoldPlanner {
  const { rateLimit, now } = options;
  /** By head message id, until the head is posted (sealed). */
  const groups = new Map<number, Group>();
  /** Per conversation: the head of the group new replies may still join. */
  const open = new Map<number, number>();
  /** Per channel: tokens left (negative: posts queued for tokens to come) and when it was counted. */
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes a post token the way the outbox will; returns how long that post waits for it (ms). */
  const take = (channel: string): number => {
    const at = now();
    const bucket = buckets.get(channel) ?? { tokens: rateLimit.burst, at };
    bucket.tokens = Math.min(rateLimit.burst, bucket.tokens + ((at - bucket.at) / 1000) * rateLimit.perSecond) - 1;
    bucket.at = at;
    buckets.set(channel, bucket);
    return bucket.tokens >= 0 ? 0 : (-bucket.tokens / rateLimit.perSecond) * 1000;
  };

  const close = (conversationId: number) => void open.delete(conversationId);

  return {
    offer({ channel, conversationId, message, rendered, hasFiles }) {
      const foldable = options.enabled && !hasFiles && rendered.blocks === undefined && rendered.text.trim() !== '';
      const sender = senderOf(message, rendered);
      const headId = open.get(conversationId);
      const group = headId === undefined ? undefined : groups.get(headId);
      if (foldable && headId !== undefined && group && group.sender === sender && group.length + 1 + rendered.text.length <= SLACK_MAX_TEXT) {
        group.parts.push({ messageId: message.id, rendered });
        group.length += 1 + rendered.text.length;
        return { joined: headId };
      }
      close(conversationId);
      // Its own post takes a token; one that must wait for it is backlogged and heads a group.
      const waitMs = take(channel);
      if (foldable && waitMs > 0) {
        groups.set(message.id, { conversationId, sender, parts: [{ messageId: message.id, rendered }], length: rendered.text.length });
        open.set(conversationId, message.id);
        if (groups.size > MAX_GROUPS) groups.delete(groups.keys().next().value as number);
      }
      return { post: true };
    },
    noteWrite(kind, channel, conversationId) {
      if (kind === 'post') take(channel);
      if ((kind === 'post' || kind === 'upload') && conversationId !== undefined) close(conversationId);
    },
    close,
    seal(headMessageId) {
      const group = groups.get(headMessageId);
      if (!group) return undefined;
      groups.delete(headMessageId);
      if (open.get(group.conversationId) === headMessageId) open.delete(group.conversationId);
      return group.parts;
    },
  };
}

/** Who a reply is from, as far as folding goes: the same person in the same role. */
function senderOf(message: Message, rendered: RenderedMessage): string {
  const sender = message.sender as { type?: unknown; id?: unknown } | undefined;
  return `${message.message_type}:${String(sender?.type)}:${String(sender?.id)}:${rendered.name ?? ''}:${rendered.iconUrl ?? ''}`;
}
