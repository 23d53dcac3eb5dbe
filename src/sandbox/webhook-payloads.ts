import { MESSAGE_TYPES } from '../chatwoot/models.ts';
import { attachmentPush, contactPush, conversationPush, type BuildContext } from './payload-builders.ts';
import type { SimContact, SimConversation, SimMessage } from './simulator-state.ts';

/**
 * `webhook_data` shapes (chatwoot-internals §2.4, §6.2). They differ from the websocket on purpose:
 * string `message_type`, ISO `created_at`, no `status`, no `echo_id`, contact sender without `type`.
 */

export type WebhookEvent =
  | 'message_created'
  | 'message_updated'
  | 'conversation_created'
  | 'conversation_status_changed'
  | 'conversation_updated'
  | 'conversation_typing_on'
  | 'conversation_typing_off';

export type ChangedAttributes = Array<Record<string, { previous_value: unknown; current_value: unknown }>> | null;

/** `Messages::WebhookContentNormalizer`: markdown hard breaks (`\` + newline) and trailing newlines go. */
export function webhookContent(content: string | null): string | null {
  if (content === null) return null;
  return content.replace(/\\\r?\n/g, '\n').replace(/\n+$/, '');
}

function accountJson(ctx: BuildContext): { id: number; name: string } {
  return { id: ctx.state.accountId, name: ctx.state.accountName };
}

function senderWebhook(ctx: BuildContext, m: SimMessage): Record<string, unknown> | null {
  if (m.senderId === null) return null;
  if (m.senderType === 'User') {
    const agent = ctx.state.agents.get(m.senderId);
    return agent ? { id: agent.id, name: agent.name, email: agent.email, type: 'user' } : null;
  }
  const contact = ctx.state.contacts.get(m.senderId);
  return contact ? contactWebhook(ctx, contact) : null;
}

/** `Contact#webhook_data`: the push data without `type`, plus the account and an avatar. */
export function contactWebhook(ctx: BuildContext, contact: SimContact): Record<string, unknown> {
  const { type: _type, ...push } = contactPush(contact);
  return { account: accountJson(ctx), avatar: '', ...push };
}

/** `Conversation#webhook_data`: push data + `account`, with webhook-normalized message content. */
export function conversationWebhook(ctx: BuildContext, c: SimConversation): Record<string, unknown> {
  const push = conversationPush(ctx, c);
  return {
    ...push,
    messages: push.messages.map((m) => ({ ...m, content: webhookContent(m.content) })),
    account: accountJson(ctx),
  };
}

/** `Message#webhook_data.merge(event:)`. */
export function messageWebhook(ctx: BuildContext, m: SimMessage, event: 'message_created' | 'message_updated'): Record<string, unknown> {
  const conversation = ctx.state.conversations.get(m.displayId);
  const inbox = ctx.state.inboxes.get(m.inboxId);
  const data: Record<string, unknown> = {
    account: accountJson(ctx),
    additional_attributes: {},
    content_attributes: { ...m.contentAttributes },
    content_type: m.contentType,
    content: webhookContent(m.content),
    conversation: conversation ? conversationWebhook(ctx, conversation) : null,
    created_at: new Date(m.createdAtMs).toISOString(),
    id: m.id,
    inbox: { id: m.inboxId, name: inbox?.name ?? '' },
    message_type: MESSAGE_TYPES[m.messageType] ?? 'incoming',
    private: m.private,
    sender: senderWebhook(ctx, m),
    source_id: m.sourceId,
  };
  if (m.attachments.length > 0) data['attachments'] = m.attachments.map((a) => attachmentPush(ctx, a));
  data['event'] = event;
  return data;
}

/** `conversation.webhook_data.merge(event:, changed_attributes:)`. */
export function conversationEventWebhook(
  ctx: BuildContext,
  c: SimConversation,
  event: 'conversation_created' | 'conversation_status_changed' | 'conversation_updated',
  changed?: ChangedAttributes,
): Record<string, unknown> {
  const data = { ...conversationWebhook(ctx, c), event };
  return event === 'conversation_created' ? data : { ...data, changed_attributes: changed ?? null };
}

/** Typing callbacks: `{event, user: <typer's webhook_data>, conversation: <webhook_data>, is_private}` (§6.2). */
export function typingWebhook(
  ctx: BuildContext,
  c: SimConversation,
  event: 'conversation_typing_on' | 'conversation_typing_off',
  user: Record<string, unknown>,
  isPrivate: boolean,
): Record<string, unknown> {
  return { event, user, conversation: conversationWebhook(ctx, c), is_private: isPrivate };
}
