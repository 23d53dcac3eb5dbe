import type { Conversation, Message } from '../../chatwoot/models.ts';

/** `just now`, `5m ago`, `3h ago`, `2d ago` from unix seconds; `''` when unknown. */
function formatAgo(unixSeconds: number | null | undefined, nowMs: number): string {
  if (typeof unixSeconds !== 'number' || !Number.isFinite(unixSeconds)) return '';
  const seconds = Math.max(0, Math.floor(nowMs / 1000 - unixSeconds));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86_400)}d ago`;
}

/** `2025-01-02 09:00 UTC` from unix seconds. */
export function formatUtc(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One line of text, at most `max` characters. */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function conversationLink(chatwootUrl: string, accountId: number, id: number): string {
  return `${chatwootUrl.replace(/\/+$/, '')}/app/accounts/${accountId}/conversations/${id}`;
}

export function contactName(conversation: Conversation): string {
  const sender = conversation.meta?.sender;
  return sender?.name || sender?.email || sender?.phone_number || (sender ? `contact ${sender.id}` : 'unknown contact');
}

function assigneeName(conversation: Conversation): string {
  const assignee = conversation.meta?.assignee;
  return assignee ? assignee.name || `agent ${assignee.id}` : 'unassigned';
}

/**
 * One conversation in a list: `#42 Jane Doe · Alice · [vip, billing] · 5m ago`.
 *
 * @example
 * formatConversationLine(conversation, Date.now()); // '#42 Jane Doe · unassigned · 5m ago'
 */
export function formatConversationLine(conversation: Conversation, nowMs: number): string {
  const parts = [`#${conversation.id ?? '?'} ${contactName(conversation)}`, assigneeName(conversation)];
  if (conversation.status !== 'open') parts.push(conversation.status);
  if (conversation.labels?.length) parts.push(`[${conversation.labels.join(', ')}]`);
  const ago = formatAgo(conversation.last_activity_at ?? conversation.timestamp, nowMs);
  if (ago) parts.push(ago);
  return parts.join(' · ');
}

function messageText(message: Message): string {
  if (message.content_attributes?.['deleted'] === true) return '(deleted)';
  const text = clip(message.content ?? '');
  const files = message.attachments?.length ?? 0;
  const attachments = files ? `(${files} attachment${files === 1 ? '' : 's'})` : '';
  return [text, attachments].filter(Boolean).join(' ') || '(empty)';
}

/** `5m ago Jane Doe: hello`; private notes are marked `[private note]`. */
function formatMessageLine(message: Message, contact: string, nowMs: number): string {
  const who = message.sender?.name || (message.message_type === 'incoming' ? contact : 'agent');
  const mark = message.private ? ' [private note]' : '';
  const ago = formatAgo(message.created_at, nowMs);
  return `${ago ? `${ago} ` : ''}${who}${mark}: ${messageText(message)}`;
}

/**
 * The `show` reply: who, status, assignee, labels, inbox, the last few messages and the link.
 *
 * @example
 * formatConversationDetails(conversation, messages, { link, nowMs: Date.now() });
 */
export function formatConversationDetails(conversation: Conversation, messages: readonly Message[], options: { link: string; nowMs: number }): string {
  const contact = contactName(conversation);
  const email = conversation.meta?.sender?.email;
  const lines = [`#${conversation.id ?? '?'} · ${conversation.status} · ${contact}${email && email !== contact ? ` <${email}>` : ''}`];
  const team = conversation.meta?.team?.name;
  lines.push(`Assignee: ${assigneeName(conversation)}${team ? ` · Team: ${team}` : ''}`);
  if (conversation.status === 'snoozed' && typeof conversation.snoozed_until === 'number') {
    lines.push(`Snoozed until ${formatUtc(conversation.snoozed_until)}`);
  }
  lines.push(`Labels: ${conversation.labels?.length ? conversation.labels.join(', ') : 'none'}`);
  lines.push(`Inbox: ${conversation.inbox_id}${conversation.channel ? ` (${conversation.channel})` : ''}`);
  if (messages.length) {
    lines.push('Last messages:');
    for (const message of messages) lines.push(`  ${formatMessageLine(message, contact, options.nowMs)}`);
  } else {
    lines.push('No messages yet.');
  }
  lines.push(options.link);
  return lines.join('\n');
}

const formatItem = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/**
 * Bridge health as `key: value` lines; nested objects become dotted keys (`bus.delivered: 12`).
 *
 * @example
 * formatStatusLines({ cable: 'subscribed', bus: { queued: 0 } }); // ['cable: subscribed', 'bus.queued: 0']
 */
export function formatStatusLines(status: Record<string, unknown>, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(status)) {
    const name = `${prefix}${key}`;
    if (value === undefined || value === null) lines.push(`${name}: -`);
    else if (value instanceof Date) lines.push(`${name}: ${value.toISOString()}`);
    else if (Array.isArray(value)) lines.push(`${name}: ${value.length ? value.map(formatItem).join(', ') : 'none'}`);
    else if (typeof value === 'object') {
      const inner = formatStatusLines(value as Record<string, unknown>, `${name}.`);
      lines.push(...(inner.length ? inner : [`${name}: -`]));
    } else lines.push(`${name}: ${String(value)}`);
  }
  return lines;
}
