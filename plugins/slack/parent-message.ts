import type { Conversation } from '../../src/index.ts';
import { neutralizeText } from '../../src/surface/index.ts';
import { escapeMrkdwn } from './to-mrkdwn.ts';

/** Action ids of the parent's buttons (also handled by the interactions module). */
export const ACTIONS = { resolve: 'chatwoot_resolve', reopen: 'chatwoot_reopen', assignMe: 'chatwoot_assign_me' } as const;

const STATUS_ICON: Record<string, string> = { open: ':large_green_circle:', pending: ':large_yellow_circle:', snoozed: ':zzz:', resolved: ':white_check_mark:' };

export interface ParentMessage {
  text: string;
  blocks: unknown[];
}

/**
 * The thread's parent in Block Kit: contact, email/phone, inbox, status, assignee, team, a link to
 * Chatwoot and the Resolve/Reopen and Assign-to-me buttons. Contact fields are customer-controlled,
 * so they are escaped.
 *
 * @example
 * renderParent(conversation, { conversationUrl: 'https://chat.example.com/app/accounts/1/conversations/42' });
 */
export function renderParent(conversation: Conversation, options: { conversationUrl?: string; inboxName?: string }): ParentMessage {
  const id = conversation.id ?? 0;
  const contact = conversation.meta?.sender;
  // Contact fields are the customer's own: no bidi tricks, no invisible characters.
  const name = escapeMrkdwn([...neutralizeText(contact?.name ?? '').trim()].slice(0, 150).join('') || `Contact ${contact?.id ?? ''}`.trim());
  const status = conversation.status;
  const assignee = conversation.meta?.assignee?.name;
  const team = conversation.meta?.team?.name;
  const title = options.conversationUrl ? `<${options.conversationUrl}|#${id}>` : `#${id}`;
  const fields = [
    contact?.email ? `*Email:* ${escapeMrkdwn(neutralizeText(contact.email))}` : undefined,
    contact?.phone_number ? `*Phone:* ${escapeMrkdwn(neutralizeText(contact.phone_number))}` : undefined,
    `*Inbox:* ${escapeMrkdwn(options.inboxName ?? `#${conversation.inbox_id}`)}`,
    `*Status:* ${STATUS_ICON[status] ?? ''} ${status}`.replace('  ', ' '),
    `*Assignee:* ${assignee ? escapeMrkdwn(assignee) : '_unassigned_'}`,
    team ? `*Team:* ${escapeMrkdwn(team)}` : undefined,
  ].filter((f): f is string => f !== undefined);
  const statusButton =
    status === 'resolved'
      ? { type: 'button', action_id: ACTIONS.reopen, text: { type: 'plain_text', text: 'Reopen' }, value: String(id) }
      : { type: 'button', action_id: ACTIONS.resolve, text: { type: 'plain_text', text: 'Resolve' }, value: String(id), style: 'primary' };
  const labels = conversation.labels?.length ? conversation.labels.map((l) => `\`${escapeMrkdwn(l)}\``).join(' ') : undefined;
  const blocks: unknown[] = [
    { type: 'section', block_id: 'sb_header', text: { type: 'mrkdwn', text: `*${title} ${name}*` }, fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    { type: 'actions', block_id: 'sb_actions', elements: [statusButton, { type: 'button', action_id: ACTIONS.assignMe, text: { type: 'plain_text', text: 'Assign to me' }, value: String(id) }] },
  ];
  if (labels) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Labels: ${labels}` }] });
  return { text: `#${id} ${name} — ${status}${assignee ? `, ${escapeMrkdwn(assignee)}` : ''}`, blocks };
}
