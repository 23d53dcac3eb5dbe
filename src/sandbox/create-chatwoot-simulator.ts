import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { closeServer, listenLocal } from '../fake-http/index.ts';
import { createAttachmentStore } from './attachment-store.ts';
import { createCableServer } from './cable-server.ts';
import { changeStatus, openConversation, postIncomingMessage } from './conversation-actions.ts';
import { markDeliveryFailed, postMessage, requireMessage, softDeleteMessage, updateMessage } from './message-actions.ts';
import { conversationPush, messagePush, type BuildContext } from './payload-builders.ts';
import { createPresenceTracker } from './presence-tracker.ts';
import { createRestServer } from './rest-server.ts';
import type { SimCore } from './simulator-core.ts';
import { createSimState, type SimAgent, type SimConversation } from './simulator-state.ts';
import type { ChatwootSimulator, SimulatorOptions } from './simulator-types.ts';
import { createInboxWebhooks, inboxIdOf } from './inbox-webhooks.ts';

export type { ChatwootSimulator, SimulatorOptions } from './simulator-types.ts';
export type { RawConversation, RawMessage } from './raw-chatwoot-types.ts';
export type { RestFailRule } from './rest-fault-rules.ts';
export { seededRandom } from './seeded-random.ts';

/**
 * An in-process fake Chatwoot 4.15 for tests, the sandbox demo and benchmarks: REST API and
 * ActionCable `/cable` on one 127.0.0.1 port, raw Chatwoot wire shapes, and fault injection.
 *
 * @example
 * const sim = await createChatwootSimulator({ pingIntervalMs: 50 });
 * const conversation = sim.createConversation({ contactName: 'Jane', content: 'Hi!' });
 * sim.customerMessage(conversation.id, 'Anyone there?');
 * await sim.close();
 */
export async function createChatwootSimulator(options: SimulatorOptions = {}): Promise<ChatwootSimulator> {
  const now = options.now ?? Date.now;
  const accountId = options.accountId ?? 1;
  const agent = {
    id: options.agent?.id ?? 1,
    name: options.agent?.name ?? 'Switchboard Bot',
    email: options.agent?.email ?? 'bot@example.test',
    apiToken: options.agent?.apiToken ?? 'sim-api-token',
    pubsubToken: options.agent?.pubsubToken ?? 'sim-pubsub-token',
  };
  const bot: SimAgent = {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: options.agent?.role ?? 'administrator',
    availability: 'online',
    autoOffline: true,
  };
  const others: SimAgent[] = (options.agents ?? [])
    .filter((a) => a.id !== bot.id)
    .map((a) => ({ ...a, role: 'agent', availability: 'online', autoOffline: true }));
  const state = createSimState(accountId, [bot, ...others]);
  const presence = createPresenceTracker({ ttlMs: options.presenceTtlMs ?? 20_000, now, defaultUserId: () => agent.id });
  // `AvailabilityStatusable#user_availability_status`.
  const availability = (a: SimAgent): SimAgent['availability'] =>
    !a.autoOffline || presence.isOnline(a.id) ? a.availability : 'offline';
  const ctx: BuildContext = { state, availability };

  let url = '';
  let closed = false;
  const attachments = createAttachmentStore(() => url);
  const webhooks = createInboxWebhooks(options.webhook, now);

  const core: SimCore = {
    state,
    ctx,
    now,
    bot: () => bot,
    quirks: { deleteWithoutBody: options.deleteWithoutBody ?? false, contactSearchOverlap: options.contactSearchOverlap ?? false },
    broadcast: (event, data) => cable.broadcast(event, { ...data, account_id: accountId }),
    webhook(event, payload, messageId) {
      const sender = closed ? undefined : webhooks.senderFor(state.inboxes.get(inboxIdOf(payload)));
      if (!sender) return;
      void sender.send(event, payload).then((delivery) => {
        const ok = typeof delivery.status === 'number' && delivery.status >= 200 && delivery.status < 300;
        if (!ok && !closed && messageId !== undefined) {
          markDeliveryFailed(core, messageId, `Webhook delivery failed: ${String(delivery.status)}`);
        }
      });
    },
  };

  const rest = createRestServer(
    {
      core,
      attachments,
      credentials: () => ({ apiToken: agent.apiToken, pubsubToken: agent.pubsubToken }),
      agentForToken: (token) =>
        token === undefined ? undefined : token === agent.apiToken ? agent.id : options.agents?.find((a) => a.apiToken === token)?.id,
    },
    attachments,
    { random: options.random ?? Math.random },
  );
  const server = createServer((req, res) => rest.handle(req, res));
  const cable = createCableServer({
    server,
    accountId,
    agent: () => agent,
    presence,
    presenceData: () => {
      // `get_available_users`: recent presence, plus everyone with auto_offline off.
      const users: Record<string, string> = {};
      for (const a of state.agents.values()) {
        if (presence.isOnline(a.id) || !a.autoOffline) users[String(a.id)] = a.availability;
      }
      return { account_id: accountId, users, contacts: {} };
    },
    pingIntervalMs: options.pingIntervalMs ?? 3000,
    now,
  });

  const port = await listenLocal(server, options.port);
  url = `http://127.0.0.1:${port}`;

  const conversationOrThrow = (displayId: number): SimConversation => {
    const c = state.conversations.get(displayId);
    if (!c) throw new Error(`simulator: no conversation with display id ${displayId}`);
    return c;
  };
  const messageOrThrow = (displayId: number, messageId: number) => {
    const c = conversationOrThrow(displayId);
    try {
      return requireMessage(core, c, messageId);
    } catch {
      throw new Error(`simulator: no message ${messageId} in conversation ${displayId}`);
    }
  };
  let closing: Promise<void> | undefined;

  return {
    url,
    cableUrl: `ws://127.0.0.1:${port}/cable`,
    accountId,
    agent,
    conversations: () => [...state.conversations.values()].map((c) => conversationPush(ctx, c)),
    conversation: (displayId) => {
      const c = state.conversations.get(displayId);
      return c ? conversationPush(ctx, c) : undefined;
    },
    messages: (displayId) => (state.conversations.get(displayId)?.messages ?? []).map((m) => messagePush(ctx, m)),

    createConversation(opts = {}) {
      const { content, ...rest } = opts;
      const c = openConversation(core, rest);
      if (content !== undefined) {
        postIncomingMessage(core, c, { content, messageType: 0, private: false, senderType: 'Contact', senderId: c.contactId });
      }
      return conversationPush(ctx, c);
    },
    customerMessage(displayId, content, opts = {}) {
      const c = conversationOrThrow(displayId);
      const message = postIncomingMessage(core, c, {
        content,
        messageType: 0,
        private: false,
        senderType: 'Contact',
        senderId: c.contactId,
        attachments: (opts.attachments ?? []).map((a) => ({
          fileType: a.file_type,
          extension: /\.([a-z0-9]+)(?:\?|$)/i.exec(a.data_url)?.[1] ?? null,
          dataUrl: a.data_url,
          thumbUrl: '',
          fileSize: 0,
        })),
      });
      return messagePush(ctx, message);
    },
    agentMessage(displayId, content, opts = {}) {
      const c = conversationOrThrow(displayId);
      const agentId = opts.agentId ?? agent.id;
      if (!state.agents.has(agentId)) throw new Error(`simulator: no agent with id ${agentId}`);
      const message = postMessage(core, c, {
        content,
        messageType: 1,
        private: opts.private ?? false,
        senderType: 'User',
        senderId: agentId,
        performerId: agentId,
        ...(opts.echoId === undefined ? {} : { echoId: opts.echoId }),
      });
      return messagePush(ctx, message, opts.echoId);
    },
    editMessage: (displayId, messageId, content) =>
      messagePush(ctx, updateMessage(core, messageOrThrow(displayId, messageId), { content })),
    deleteMessage: (displayId, messageId) => messagePush(ctx, softDeleteMessage(core, messageOrThrow(displayId, messageId))),
    setStatus(displayId, status, snoozedUntil) {
      const c = conversationOrThrow(displayId);
      changeStatus(core, c, status, snoozedUntil ?? null, null);
      return conversationPush(ctx, c);
    },
    emit: (event, data) => cable.broadcast(event, { ...data, account_id: accountId }),
    emitToAccount: (event, data, otherAccountId) => cable.broadcast(event, { ...data, account_id: otherAccountId }),
    sendFrame: (frame) => cable.sendFrame(frame),

    cable: cable.observation,
    presence: {
      isOnline: (userId) => presence.isOnline(userId),
      updates: () => presence.updates(),
      lastUpdateAt: () => presence.lastUpdateAt(),
    },
    rest: { requests: rest.requests },
    webhooks: { deliveries: webhooks.deliveries },
    faults: {
      ...cable.faults,
      failRest: (rule) => rest.failRest(rule),
      holdResponses: (rule) => rest.holdResponses(rule),
      reset() {
        cable.faults.reset();
        rest.resetFaults();
      },
    },
    rotatePubsubToken() {
      agent.pubsubToken = randomBytes(16).toString('base64url');
      return agent.pubsubToken;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        cable.close();
        webhooks.close();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
