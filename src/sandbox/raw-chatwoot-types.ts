import type { ConversationStatus } from '../chatwoot/models.ts';

/**
 * Chatwoot objects exactly as Chatwoot 4.x puts them on the websocket (`push_event_data`), not the
 * normalized shapes of `models.ts`: integer `message_type`, unix `created_at`, ISO `updated_at` on
 * messages, float `updated_at` on conversations.
 */

export interface RawUser {
  id: number;
  name: string;
  available_name: string;
  avatar_url: string;
  type: 'user';
  availability_status: 'online' | 'busy' | 'offline';
  thumbnail: string;
}

export interface RawContact {
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  email: string | null;
  id: number;
  identifier: string | null;
  name: string;
  phone_number: string | null;
  thumbnail: string;
  blocked: boolean;
  type: 'contact';
}

export interface RawAttachment {
  id: number;
  message_id: number;
  file_type: string;
  account_id: number;
  extension: string | null;
  data_url: string;
  thumb_url: string;
  file_size: number;
  width: number | null;
  height: number | null;
}

export interface RawContactInbox {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
  created_at: string;
  updated_at: string;
  hmac_verified: boolean;
  pubsub_token: string;
}

/** `Message#push_event_data`. `attachments` and `sender` are absent when there are none (as in Chatwoot). */
export interface RawMessage {
  id: number;
  content: string | null;
  account_id: number;
  inbox_id: number;
  /** The conversation's display id. */
  conversation_id: number;
  /** 0 incoming, 1 outgoing, 2 activity, 3 template. */
  message_type: 0 | 1 | 2 | 3;
  /** Unix seconds. */
  created_at: number;
  /** ISO 8601 with milliseconds, e.g. `2021-07-23T17:13:14.000Z`. */
  updated_at: string;
  private: boolean;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  source_id: string | null;
  content_type: string;
  content_attributes: Record<string, unknown>;
  sender_type: 'Contact' | 'User' | 'AgentBot' | null;
  sender_id: number | null;
  external_source_ids: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  processed_message_content: string | null;
  sentiment: Record<string, unknown>;
  conversation: {
    assignee_id: number | null;
    unread_count: number;
    last_activity_at: number;
    contact_inbox: { source_id: string };
  };
  echo_id?: string;
  attachments?: RawAttachment[];
  sender?: RawUser | RawContact;
}

export interface RawTeam {
  id: number;
  name: string;
  description: string;
  allow_auto_assign: boolean;
  account_id: number;
  is_member: boolean;
}

/** `Conversations::EventDataPresenter#push_data` plus the `account_id` every broadcast carries. */
export interface RawConversation {
  additional_attributes: Record<string, unknown>;
  can_reply: boolean;
  channel: string;
  contact_inbox: RawContactInbox;
  /** The display id. */
  id: number;
  inbox_id: number;
  messages: RawMessage[];
  labels: string[];
  meta: {
    sender: RawContact;
    assignee: RawUser | null;
    assignee_type: 'User' | null;
    team: RawTeam | null;
    hmac_verified: boolean;
  };
  status: ConversationStatus;
  custom_attributes: Record<string, unknown>;
  snoozed_until: number | null;
  unread_count: number;
  first_reply_created_at: number | null;
  priority: string | null;
  waiting_since: number;
  agent_last_seen_at: number;
  contact_last_seen_at: number;
  last_activity_at: number;
  timestamp: number;
  created_at: number;
  /** Float unix seconds. */
  updated_at: number;
  account_id: number;
}
