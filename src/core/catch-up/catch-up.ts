import { buildEvent } from '../../chatwoot/build-event.ts';
import type { AnyEvent } from '../../chatwoot/events.ts';
import type { Conversation, Message } from '../../chatwoot/models.ts';
import { isChatwootApiError } from '../../chatwoot/rest/chatwoot-error.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { IntakeGate } from '../intake/intake-gate.ts';
import type { DeliveryLog } from '../ledger/create-ledger.ts';
import type { Logger } from '../../observability/logger.ts';
import { readMessagesSince } from '../../chatwoot/rest/read-messages-since.ts';

export type CatchUpRest = Pick<ChatwootRest, 'listConversations' | 'listMessages' | 'iterateMessagesAfter'>;

export interface CatchUpDeps {
  rest: CatchUpRest;
  deliveries: DeliveryLog;
  /** The intake's door for read-back events (never held at the gate). */
  replay: (event: AnyEvent) => void;
  /** Resolves when the intake and bus have room again (between pages: a long backlog must not pile up in memory). */
  drained: () => Promise<void>;
  log: Logger;
  now: () => number;
  /** Extra look-back for clock skew between Chatwoot and us. Default 60 s. */
  marginSeconds?: number;
  /** Pages read per conversation in one pass before moving on (the rest waits for the next pass). Default 1 000. */
  maxPages?: number;
  /** Counts conversations skipped, by reason. */
  skipped?: (reason: 'invalid_id' | 'not_found' | 'error' | 'page_cap') => void;
  signal?: AbortSignal;
}

export interface PassResult {
  /** Conversations listed as changed since the sync point. */
  conversations: number;
  /** Messages replayed. */
  messages: number;
  /** Unix ms the listing was requested at: everything received before it is vouched for, if `complete`. */
  listedAt: number;
  /** Every listed conversation was read to the end. */
  complete: boolean;
}

/**
 * A full pass after a (re)subscription, or when the bot is not known to be in sync: list every
 * conversation updated since the sync point, hold their live events at the gate, and replay each
 * one's unhandled messages — read after its cursor, or back to the sync point by time when it has
 * none — oldest first, then let its live events follow. Conversations not listed flow at once.
 *
 * On the very first run (no sync point) nothing is replayed: history before the bot is not news.
 *
 * @example
 * const result = await fullPass(deps, intake.gate); // result.complete → the bot is in sync
 */
export async function fullPass(deps: CatchUpDeps, gate: IntakeGate): Promise<PassResult> {
  const listedAt = deps.now();
  const since = deps.deliveries.syncPoint();
  if (since === undefined) {
    // Stored before any event flows: a crash a moment later must not make the next start a "first run".
    deps.deliveries.initSyncPoint(listedAt);
    await deps.deliveries.flush();
    gate.open();
    return { conversations: 0, messages: 0, listedAt, complete: true };
  }
  const conversations = await listChangedSince(deps, since, listedAt);
  gate.reconcile(conversations.map((c) => c.id as number));
  let messages = 0;
  let complete = true;
  for (const conversation of conversations) {
    const id = conversation.id as number;
    try {
      if (deps.signal?.aborted) {
        complete = false;
        continue;
      }
      const outcome = await reconcile(deps, conversation, since);
      messages += outcome.replayed;
      complete &&= outcome.complete;
    } finally {
      gate.release(id);
    }
  }
  logOutcome(deps, 'catch-up', conversations.length, messages);
  return { conversations: conversations.length, messages, listedAt, complete: complete && !deps.signal?.aborted };
}

/**
 * The periodic check while in sync, for what a live cable can still miss (Chatwoot's broadcast jobs
 * stuck or dropped): one listing of recently active conversations; only a conversation whose latest
 * activity is older than `lagMs` and newer than anything delivered from it is read back. When
 * nothing was missed this is a single request.
 *
 * @example
 * const result = await sweepPass(deps, 10_000);
 */
export async function sweepPass(deps: CatchUpDeps, lagMs: number): Promise<PassResult> {
  const listedAt = deps.now();
  const since = deps.deliveries.syncPoint() ?? listedAt;
  const conversations = await listChangedSince(deps, since, listedAt);
  let messages = 0;
  let complete = true;
  for (const conversation of conversations) {
    if (deps.signal?.aborted) return { conversations: conversations.length, messages, listedAt, complete: false };
    if (!looksBehind(deps.deliveries, conversation, listedAt - lagMs)) continue;
    const outcome = await reconcile(deps, conversation, since);
    messages += outcome.replayed;
    complete &&= outcome.complete;
  }
  logOutcome(deps, 'sweep', conversations.length, messages);
  return { conversations: conversations.length, messages, listedAt, complete };
}

async function listChangedSince(deps: CatchUpDeps, since: number, at: number): Promise<Conversation[]> {
  const margin = deps.marginSeconds ?? 60;
  const updatedWithin = Math.max(1, Math.ceil((at - since) / 1000) + margin);
  const { conversations } = await deps.rest.listConversations(
    { status: 'all', updatedWithin, sortBy: 'last_activity_at_asc' },
    deps.signal ? { signal: deps.signal } : {},
  );
  const valid: Conversation[] = [];
  const seen = new Set<number>();
  let invalid = 0;
  for (const conversation of conversations) {
    const id = conversation.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
      invalid += 1;
      deps.skipped?.('invalid_id');
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    valid.push(conversation);
  }
  if (invalid > 0) deps.log.warn({ invalid }, `catch-up skipped ${invalid} conversation(s) with an invalid id in Chatwoot's list`);
  return valid;
}

/** Last activity newer than anything seen from it, and old enough that the live copy should be here. */
function looksBehind(deliveries: DeliveryLog, conversation: Conversation, settledBefore: number): boolean {
  const id = conversation.id as number;
  const activity = conversation.last_activity_at;
  if (typeof activity !== 'number' || activity * 1000 > settledBefore) return false;
  const last = conversation.messages?.[0];
  if (last && typeof last.id === 'number' && last.id > (deliveries.cursor(id) ?? 0) && !deliveries.isKnown(id, last.id)) return true;
  const newest = deliveries.newestSeen(id);
  return newest === undefined || activity > newest;
}

/**
 * Replays one conversation's messages that no plugin has handled: after its cursor, or (no cursor:
 * new while the bot was away, or never seen) back to the sync point minus the margin, by time.
 * Never throws for a bad conversation: it is skipped and counted, the pass goes on.
 */
async function reconcile(deps: CatchUpDeps, conversation: Conversation, since: number): Promise<{ replayed: number; complete: boolean }> {
  const id = conversation.id as number;
  const cursor = deps.deliveries.cursor(id);
  const options = deps.signal ? { signal: deps.signal } : {};
  const maxPages = deps.maxPages ?? 1_000;
  let replayed = 0;
  try {
    if (cursor !== undefined) {
      let pages = 0;
      // The client's own page cap is set above ours, so reaching ours is what says "not finished".
      for await (const page of deps.rest.iterateMessagesAfter(id, cursor, { ...options, maxPages: maxPages + 1 })) {
        replayed += await replayPage(deps, id, page);
        if ((pages += 1) >= maxPages) return capped(deps, id, replayed, maxPages);
      }
    } else {
      const sinceSeconds = (since - (deps.marginSeconds ?? 60) * 1000) / 1000;
      const read = await readMessagesSince(deps.rest, id, sinceSeconds, { ...options, maxPages });
      replayed += await replayPage(deps, id, read.messages);
      if (read.capped) return capped(deps, id, replayed, maxPages);
    }
  } catch (error) {
    if (deps.signal?.aborted) return { replayed, complete: false };
    if (isChatwootApiError(error) && error.kind === 'not_found') {
      // Deleted in Chatwoot (no event says so): nothing left to replay.
      deps.skipped?.('not_found');
      return { replayed, complete: true };
    }
    deps.skipped?.('error');
    deps.log.warn({ conversationId: id, err: messageOf(error) }, `catch-up could not read conversation ${id}: ${messageOf(error)}; the next pass retries it`);
    return { replayed, complete: false };
  }
  // Read to the end: the conversation is current up to the activity the listing showed.
  if (typeof conversation.last_activity_at === 'number') deps.deliveries.noteSeen(id, conversation.last_activity_at);
  return { replayed, complete: true };
}

function capped(deps: CatchUpDeps, id: number, replayed: number, maxPages: number) {
  deps.skipped?.('page_cap');
  deps.log.warn({ conversationId: id, maxPages }, `catch-up stopped after ${maxPages} pages of conversation ${id}; the next pass continues`);
  return { replayed, complete: false };
}

async function replayPage(deps: CatchUpDeps, conversationId: number, page: Message[]): Promise<number> {
  // `after` selects by id and Chatwoot orders by creation time: sort to be sure.
  const sorted = [...page].sort((a, b) => a.id - b.id);
  let replayed = 0;
  for (const message of sorted) {
    deps.deliveries.noteSeen(conversationId, message.created_at);
    if (deps.deliveries.isKnown(conversationId, message.id)) continue;
    deps.replay(buildEvent('message.created', message as unknown as Record<string, unknown>, { source: 'catchup', receivedAt: deps.now(), replayed: true }));
    replayed += 1;
  }
  if (replayed > 0) await deps.drained();
  return replayed;
}

function logOutcome(deps: CatchUpDeps, what: string, conversations: number, messages: number): void {
  if (messages > 0) deps.log.info({ conversations, messages }, `${what} replayed ${messages} missed message(s)`);
  else deps.log.debug({ conversations }, `${what} found nothing missed`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
