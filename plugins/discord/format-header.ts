import type { Conversation } from '../../src/index.ts';
import { neutralizeText } from '../../src/surface/index.ts';
import type { MessageBody } from './discord-api.ts';
import { escapeMentions } from './escape-mentions.ts';

/** What the header message of a conversation shows; kept plain so it can wait in the outbox. */
export interface HeaderInfo {
  conversationId: number;
  /** `Name <email>`. */
  contact: string;
  /** The Chatwoot contact, to find its conversations when it is renamed. */
  contactId?: number;
  inbox: string;
  status: string;
  assignee: string | null;
  /** The conversation in Chatwoot, when its address is known. */
  url?: string;
}

const COLORS: Record<string, number> = { open: 0x2ecc71, pending: 0xf1c40f, snoozed: 0x95a5a6, resolved: 0x7f8c8d };

/** Button ids: `sb:<action>:<conversation id>`. */
export const BUTTON_PREFIX = 'sb';

/**
 * The header facts of a Chatwoot conversation.
 *
 * @example
 * headerInfo(event.conversation, 'https://chat.example.com'); // { conversationId: 42, contact: 'Ada <ada@x>', … }
 */
export function headerInfo(conversation: Conversation, chatwootUrl?: string): HeaderInfo {
  const id = conversation.id ?? 0;
  const sender = conversation.meta?.sender;
  const inboxName = typeof conversation['inbox_name'] === 'string' ? conversation['inbox_name'] : undefined;
  return {
    conversationId: id,
    contact: contactLabel(sender),
    ...(typeof sender?.id === 'number' && sender.id > 0 ? { contactId: sender.id } : {}),
    inbox: inboxName ?? `Inbox ${conversation.inbox_id}`,
    status: conversation.status,
    assignee: conversation.meta?.assignee?.name ?? null,
    ...(chatwootUrl ? { url: `${chatwootUrl.replace(/\/+$/, '')}/app/accounts/${conversation.account_id}/conversations/${id}` } : {}),
  };
}

/**
 * How the header names a contact: `Name <email>`, or `Contact #id` without a name; bidi and
 * invisible characters removed.
 *
 * @example
 * contactLabel({ id: 7, name: 'Ada', email: 'ada@x.test' }); // 'Ada <ada@x.test>'
 */
export function contactLabel(contact: { id?: number | null; name?: string | null; email?: string | null } | undefined): string {
  // The contact's own words: no bidi tricks or invisible characters in the header and the title.
  const name = neutralizeText(contact?.name ?? '').replace(/\s+/g, ' ').trim() || `Contact #${contact?.id ?? '?'}`;
  const email = neutralizeText(contact?.email ?? '').trim();
  return email ? `${name} <${email}>` : name;
}

/**
 * The header message (embed + Resolve / Reopen / Assign to me buttons); never pings anyone.
 *
 * @example
 * await api.postMessage(threadId, headerMessage(info));
 */
export function headerMessage(info: HeaderInfo): MessageBody {
  const resolved = info.status === 'resolved';
  const button = (action: string, label: string, style: number, disabled: boolean) => ({
    type: 2,
    style,
    label,
    custom_id: `${BUTTON_PREFIX}:${action}:${info.conversationId}`,
    disabled,
  });
  return {
    content: '',
    embeds: [
      {
        title: `#${info.conversationId} · ${escapeMentions(info.contact)}`.slice(0, 256),
        ...(info.url ? { url: info.url } : {}),
        color: COLORS[info.status] ?? 0x3498db,
        fields: [
          { name: 'Contact', value: escapeMentions(info.contact).slice(0, 1024), inline: true },
          { name: 'Inbox', value: escapeMentions(info.inbox).slice(0, 1024), inline: true },
          { name: 'Status', value: info.status, inline: true },
          { name: 'Assignee', value: info.assignee ? escapeMentions(info.assignee) : 'unassigned', inline: true },
          ...(info.url ? [{ name: 'Chatwoot', value: `[open in Chatwoot](${info.url})`, inline: true }] : []),
        ],
      },
    ],
    components: [
      {
        type: 1,
        components: [button('resolve', 'Resolve', 3, resolved), button('reopen', 'Reopen', 2, !resolved), button('assign-me', 'Assign to me', 1, false)],
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/**
 * The thread / forum post title, or (`channel` mode) a channel name.
 *
 * @example
 * conversationTitle({ conversationId: 42, contact: 'Ada Lovelace' } as HeaderInfo, 'channel'); // 'cw-42-ada-lovelace'
 */
export function conversationTitle(info: Pick<HeaderInfo, 'conversationId' | 'contact'>, mode: 'forum' | 'thread' | 'channel'): string {
  const name = info.contact.replace(/\s*<[^>]*>$/, '');
  if (mode !== 'channel') return `#${info.conversationId} ${name}`.slice(0, 100);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `cw-${info.conversationId}${slug ? `-${slug}` : ''}`.slice(0, 100);
}

/** A short string to tell whether the header must be edited. */
export function headerSignature(info: HeaderInfo): string {
  return JSON.stringify([info.contact, info.inbox, info.status, info.assignee, info.url ?? null]);
}
