import type { CableFaults, CableObservation } from './cable-server.ts';
import type { RawConversation, RawMessage } from './raw-chatwoot-types.ts';
import type { RecordedRequest } from './rest-server.ts';
import type { RestFailRule } from './rest-fault-rules.ts';
import type { WebhookDelivery } from './webhook-sender.ts';

export interface SimulatorOptions {
  /** Default 1. */
  accountId?: number;
  /** Defaults: id 1, 'Switchboard Bot', 'bot@example.test', 'sim-api-token', 'sim-pubsub-token', 'administrator'. */
  agent?: {
    id?: number;
    name?: string;
    email?: string;
    apiToken?: string;
    pubsubToken?: string;
    role?: 'administrator' | 'agent';
  };
  /** Extra agents listed by GET agents (the bot agent is always listed). */
  /** Extra agents; one with an `apiToken` can call the REST API as itself (CHATWOOT_AGENT_TOKENS). */
  agents?: Array<{ id: number; name: string; email: string; apiToken?: string }>;
  /** Default 3000 (ActionCable's). */
  pingIntervalMs?: number;
  /** Default 20000 (Chatwoot's PRESENCE_DURATION). */
  presenceTtlMs?: number;
  /** Default 0 (any free port). */
  port?: number;
  /**
   * API-channel callback target (signed when `secret` is set) of every inbox without a
   * `webhook_url` of its own; an inbox created with one (`POST …/inboxes`) calls it, signed with
   * that inbox's `secret`.
   */
  webhook?: { url: string; secret?: string };
  /** Contact search pages overlap by one contact (the order moves under a paging client). */
  contactSearchOverlap?: boolean;
  /** Millisecond clock, default `Date.now`. */
  now?: () => number;
  /** Answer `DELETE …/messages/:id` with 200 and no body (the spec allows it) instead of the message. */
  deleteWithoutBody?: boolean;
  /** Draws for `failRest` ratios, in [0, 1); default `Math.random`. Pass `seededRandom(seed)` for reproducible runs. */
  random?: () => number;
}

export interface ChatwootSimulator {
  /** `http://127.0.0.1:PORT`: what a user puts in CHATWOOT_URL. */
  url: string;
  /** `ws://127.0.0.1:PORT/cable`. */
  cableUrl: string;
  accountId: number;
  /** Live view: `pubsubToken` changes after `rotatePubsubToken()`. */
  agent: { id: number; name: string; email: string; apiToken: string; pubsubToken: string };

  conversations(): RawConversation[];
  conversation(displayId: number): RawConversation | undefined;
  messages(displayId: number): RawMessage[];

  /** A customer starts a conversation: `conversation.created` (+ `message.created` if `content`). */
  createConversation(opts?: {
    contactName?: string;
    email?: string;
    inboxId?: number;
    content?: string;
    status?: 'open' | 'pending';
  }): RawConversation;
  /** `message.created`, incoming, sent by the contact (reopens a resolved conversation, as Chatwoot does). */
  customerMessage(displayId: number, content: string, opts?: { attachments?: Array<{ file_type: string; data_url: string }> }): RawMessage;
  /** `message.created`, outgoing, sent by an agent from the dashboard. */
  agentMessage(displayId: number, content: string, opts?: { private?: boolean; agentId?: number; echoId?: string }): RawMessage;
  /** `message.updated` with the new content. */
  editMessage(displayId: number, messageId: number, content: string): RawMessage;
  /** `message.updated`: content 'This message was deleted', `content_attributes.deleted`, no attachments. */
  deleteMessage(displayId: number, messageId: number): RawMessage;
  /** `conversation.status_changed` + `conversation.updated` (+ an activity message). */
  setStatus(displayId: number, status: 'open' | 'resolved' | 'pending' | 'snoozed', snoozedUntil?: number): RawConversation;
  /** Broadcasts `{event, data: {...data, account_id}}` as-is, any event name. */
  emit(event: string, data: Record<string, unknown>): void;
  /** Same as `emit`, stamped with another account id. */
  emitToAccount(event: string, data: Record<string, unknown>, accountId: number): void;
  /** A raw frame to every open socket; a string goes verbatim. */
  sendFrame(frame: unknown): void;

  cable: CableObservation;
  presence: { isOnline(userId?: number): boolean; updates(): number; lastUpdateAt(): number | undefined };
  rest: { requests: RecordedRequest[] };
  webhooks: { deliveries: WebhookDelivery[] };
  faults: CableFaults & {
    /**
     * Next `times` (default 1; `Infinity` = until stopped) matching requests get `status` (429 adds
     * Retry-After); with `ratio` only that fraction of them; with `afterCommit` after the request was
     * processed (save-then-fail). Returns `stop()`, which removes the rule.
     *
     * @example
     * const stop = sim.faults.failRest({ status: 429, retryAfter: 1, times: Infinity });
     * // … 20 s of rate limiting …
     * stop();
     */
    failRest(rule: RestFailRule): () => void;
    /** Processes matching REST requests at once (writes, broadcasts) but holds their HTTP answers until the returned release is called. */
    holdResponses(rule: { method?: string; path?: string | RegExp }): () => void;
  };
  /** Like a password change: returns the new token; old subscriptions go silent. */
  rotatePubsubToken(): string;
  /** Closes sockets, timers and the server; idempotent. */
  close(): Promise<void>;
}
