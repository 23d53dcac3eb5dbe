import type { ConversationStatus } from '../chatwoot/models.ts';
import { postMessage, type PostMessageInput } from './message-actions.ts';
import { conversationPush } from './payload-builders.ts';
import { touch, type SimCore } from './simulator-core.ts';
import {
  ensureInbox,
  findOrCreateContact,
  findOrCreateContactInbox,
  insertConversation,
  type SimConversation,
  type SimMessage,
} from './simulator-state.ts';
import { conversationEventWebhook, type ChangedAttributes } from './webhook-payloads.ts';

/** Who did it, for activity messages ("… by Jane"); `null` = Chatwoot itself. */
export type Actor = { name: string } | null;

export interface NewConversationOptions {
  contactName?: string;
  email?: string;
  inboxId?: number;
  status?: 'open' | 'pending';
}

/**
 * A customer opens a conversation: `conversation.created` + its callback. (Real Chatwoot would also
 * send `contact.created` on the account stream for a new contact; left out to keep streams lean.)
 */
export function openConversation(core: SimCore, opts: NewConversationOptions): SimConversation {
  const now = core.now();
  const inbox = ensureInbox(core.state, opts.inboxId ?? 1);
  const { contact } = findOrCreateContact(core.state, now, {
    ...(opts.contactName === undefined ? {} : { name: opts.contactName }),
    ...(opts.email === undefined ? {} : { email: opts.email }),
  });
  const contactInbox = findOrCreateContactInbox(core.state, now, contact.id, inbox.id);
  const conversation = insertConversation(core.state, now, {
    inboxId: inbox.id,
    contactId: contact.id,
    contactInboxId: contactInbox.id,
    status: opts.status ?? 'open',
  });
  announceCreated(core, conversation);
  return conversation;
}

/** Tells the cable and the webhook a conversation was created, as Chatwoot's listeners do. */
export function announceCreated(core: SimCore, conversation: SimConversation): void {
  core.broadcast('conversation.created', { ...conversationPush(core.ctx, conversation) });
  core.webhook('conversation_created', conversationEventWebhook(core.ctx, conversation, 'conversation_created'));
}

/** Fires the re-fetched `conversation.updated` and its callback. */
function conversationUpdated(core: SimCore, c: SimConversation, changed: ChangedAttributes): void {
  core.broadcast('conversation.updated', { ...conversationPush(core.ctx, c) });
  core.webhook('conversation_updated', conversationEventWebhook(core.ctx, c, 'conversation_updated', changed));
}

/** An activity message, as `Conversations::ActivityMessageJob` posts after the change. */
function activity(core: SimCore, c: SimConversation, content: string): void {
  postMessage(core, c, { content, messageType: 2, private: false, senderType: null, senderId: null });
}

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
  open: 'Conversation was reopened by',
  resolved: 'Conversation was marked resolved by',
  pending: 'Conversation was marked as pending by',
  snoozed: 'Conversation was snoozed by',
};

type StatusOutcome = 'unchanged' | 'snooze_only' | 'status';

/** Saves the status and dispatches `conversation.status_changed` (if the status moved) + `conversation.updated`. */
function applyStatus(core: SimCore, c: SimConversation, status: ConversationStatus, snoozedUntil: number | null): StatusOutcome {
  const nextSnooze = status === 'snoozed' ? snoozedUntil : null;
  if (c.status === status && c.snoozedUntil === nextSnooze) return 'unchanged';
  const changed: NonNullable<ChangedAttributes> = [];
  if (c.status !== status) changed.push({ status: { previous_value: c.status, current_value: status } });
  if (c.snoozedUntil !== nextSnooze) changed.push({ snoozed_until: { previous_value: c.snoozedUntil, current_value: nextSnooze } });
  const statusMoved = c.status !== status;
  c.status = status;
  c.snoozedUntil = nextSnooze;
  touch(core, c);
  if (statusMoved) {
    core.broadcast('conversation.status_changed', { ...conversationPush(core.ctx, c) });
    // Built from `status_change`, which is empty after commit: `null` in practice (§6.2).
    core.webhook('conversation_status_changed', conversationEventWebhook(core.ctx, c, 'conversation_status_changed', null));
  }
  conversationUpdated(core, c, changed);
  return statusMoved ? 'status' : 'snooze_only';
}

/**
 * Status change: `conversation.status_changed`, `conversation.updated`, then an activity message.
 * Returns false (and dispatches nothing) when nothing changed, as Rails skips unchanged saves.
 */
export function changeStatus(core: SimCore, c: SimConversation, status: ConversationStatus, snoozedUntil: number | null, actor: Actor): boolean {
  const outcome = applyStatus(core, c, status, snoozedUntil);
  if (outcome === 'status') activity(core, c, `${STATUS_ACTIVITY[status]} ${actor?.name ?? 'System'}`);
  return outcome !== 'unchanged';
}

/**
 * The contact resolves (the public client API's `toggle_status`): like an agent's resolve, but the
 * activity names the contact as `ActivityMessageHandler` does (`name.capitalize`). False when it
 * was already resolved — Chatwoot then changes nothing.
 */
export function resolveByContact(core: SimCore, c: SimConversation, contactName: string): boolean {
  if (c.status === 'resolved') return false;
  applyStatus(core, c, 'resolved', null);
  const name = contactName.charAt(0).toUpperCase() + contactName.slice(1).toLowerCase();
  activity(core, c, `Conversation was resolved by ${name}`);
  return true;
}

/**
 * A message from the contact (or `incoming` over REST). A resolved or snoozed conversation reopens
 * first, so `status_changed`/`updated` precede `message.created`, and the activity comes last.
 */
export function postIncomingMessage(core: SimCore, c: SimConversation, input: PostMessageInput): SimMessage {
  let reopened = false;
  const message = postMessage(core, c, {
    ...input,
    beforeDispatch: () => {
      if (c.status === 'resolved' || c.status === 'snoozed') reopened = applyStatus(core, c, 'open', null) === 'status';
    },
  });
  if (reopened) activity(core, c, 'System reopened the conversation due to a new incoming message.');
  return message;
}

/** `assignee.changed` + `conversation.updated` + activity; false when unchanged. */
export function assignAgent(core: SimCore, c: SimConversation, agentId: number | null, actor: Actor): boolean {
  if (c.assigneeId === agentId) return false;
  const previous = c.assigneeId;
  c.assigneeId = agentId;
  touch(core, c);
  core.broadcast('assignee.changed', { ...conversationPush(core.ctx, c) });
  conversationUpdated(core, c, [{ assignee_id: { previous_value: previous, current_value: agentId } }]);
  const by = actor?.name ?? 'System';
  const agent = agentId === null ? undefined : core.state.agents.get(agentId);
  activity(core, c, agent ? `Assigned to ${agent.name} by ${by}` : `Conversation unassigned by ${by}`);
  return true;
}

/** `team.changed` + `conversation.updated` + activity; false when unchanged. */
export function assignTeam(core: SimCore, c: SimConversation, teamId: number | null, actor: Actor): boolean {
  if (c.teamId === teamId) return false;
  const previous = c.teamId === null ? undefined : core.state.teams.get(c.teamId);
  const previousId = c.teamId;
  c.teamId = teamId;
  touch(core, c);
  core.broadcast('team.changed', { ...conversationPush(core.ctx, c) });
  conversationUpdated(core, c, [{ team_id: { previous_value: previousId, current_value: teamId } }]);
  const by = actor?.name ?? 'System';
  const team = teamId === null ? undefined : core.state.teams.get(teamId);
  activity(core, c, team ? `Assigned to ${team.name} team by ${by}` : `Unassigned from ${previous?.name ?? 'team'} by ${by}`);
  return true;
}

/** `update_labels`: the new list replaces the old one; `conversation.updated` + activities if it changed. */
export function replaceLabels(core: SimCore, c: SimConversation, labels: string[], actor: Actor): string[] {
  const next = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  const previous = c.labels;
  const added = next.filter((l) => !previous.includes(l));
  const removed = previous.filter((l) => !next.includes(l));
  if (added.length === 0 && removed.length === 0) return c.labels;
  c.labels = next;
  touch(core, c);
  conversationUpdated(core, c, [{ label_list: { previous_value: previous, current_value: next } }]);
  const by = actor?.name ?? 'System';
  if (added.length > 0) activity(core, c, `${by} added ${added.join(', ')}`);
  if (removed.length > 0) activity(core, c, `${by} removed ${removed.join(', ')}`);
  return c.labels;
}
