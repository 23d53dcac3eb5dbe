/**
 * Chatwoot objects as plugins see them: the websocket (`push_event_data`) shape, with the few
 * differences between websocket and webhook smoothed out by the normalizers:
 * - `message_type` is always the name (`'incoming'`, …), never Chatwoot's integer;
 * - every timestamp is unix seconds (`created_at`, `updated_at`, `last_activity_at`, …);
 * - `sender.type` is always present (`'contact' | 'user' | 'agent_bot'`).
 *
 * Fields Chatwoot may add later stay on the object (index signatures), so nothing is lost.
 */

export type MessageType = 'incoming' | 'outgoing' | 'activity' | 'template';
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

/** Chatwoot's integer `message_type` enum, in order. */
export const MESSAGE_TYPES: readonly MessageType[] = ['incoming', 'outgoing', 'activity', 'template'];

export interface Contact {
  id: number;
  name: string | null;
  email?: string | null;
  phone_number?: string | null;
  identifier?: string | null;
  thumbnail?: string | null;
  additional_attributes?: Record<string, unknown>;
  custom_attributes?: Record<string, unknown>;
  blocked?: boolean;
  type: 'contact';
  [key: string]: unknown;
}

export interface User {
  id: number;
  name: string;
  available_name?: string;
  avatar_url?: string | null;
  email?: string;
  availability_status?: string;
  thumbnail?: string | null;
  type: 'user';
  [key: string]: unknown;
}

export interface AgentBot {
  id: number;
  name: string;
  avatar_url?: string | null;
  type: 'agent_bot';
  [key: string]: unknown;
}

export type Sender = Contact | User | AgentBot;

export interface Attachment {
  id: number;
  message_id?: number;
  file_type: string;
  account_id?: number;
  extension?: string | null;
  data_url: string;
  thumb_url?: string | null;
  file_size?: number;
  width?: number | null;
  height?: number | null;
  [key: string]: unknown;
}

export interface Message {
  id: number;
  content: string | null;
  account_id: number;
  inbox_id: number;
  /** The conversation's display id (the number in Chatwoot URLs and REST paths). */
  conversation_id: number;
  message_type: MessageType;
  content_type: string | null;
  content_attributes: Record<string, unknown>;
  private: boolean;
  status?: string;
  source_id: string | null;
  sender_type: string | null;
  sender_id: number | null;
  sender?: Sender;
  attachments?: Attachment[];
  external_source_ids?: Record<string, unknown>;
  additional_attributes?: Record<string, unknown>;
  /** Present only on the `message.created` answering a REST call that carried it. */
  echo_id?: string;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds (Chatwoot sends an ISO string; normalized). */
  updated_at?: number;
  [key: string]: unknown;
}

export interface ConversationMeta {
  sender?: Contact;
  assignee?: User | AgentBot | null;
  assignee_type?: string | null;
  team?: { id: number; name: string; [key: string]: unknown } | null;
  hmac_verified?: boolean;
  [key: string]: unknown;
}

export interface Conversation {
  /** The display id. Chatwoot's seed sample for `assignee.changed` has `null` here. */
  id: number | null;
  account_id: number;
  inbox_id: number;
  status: ConversationStatus;
  channel?: string;
  can_reply?: boolean;
  labels?: string[];
  priority?: string | null;
  snoozed_until?: number | null;
  unread_count?: number;
  messages?: Message[];
  meta?: ConversationMeta;
  additional_attributes?: Record<string, unknown>;
  custom_attributes?: Record<string, unknown>;
  contact_inbox?: Record<string, unknown>;
  /** The inbox's name, added by Switchboard from the account's inbox list (Chatwoot sends only the id). */
  inbox_name?: string;
  agent_last_seen_at?: number;
  contact_last_seen_at?: number;
  last_activity_at?: number;
  timestamp?: number;
  created_at?: number;
  updated_at?: number;
  [key: string]: unknown;
}

export interface Profile {
  id: number;
  name: string;
  email?: string;
  pubsub_token: string;
  access_token?: string;
  account_id?: number;
  role?: string;
  accounts?: { id: number; name: string; role: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** True for a message Chatwoot soft-deleted (it arrives as `message.updated`). */
export function isDeletedMessage(message: Pick<Message, 'content_attributes'>): boolean {
  return message.content_attributes?.['deleted'] === true;
}
