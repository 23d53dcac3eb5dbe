import { messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';
import { createMessage, deleteMessage, editMessage, messageFields, ok, tooLarge, unknownChannel, unknownMessage, unknownWebhook, type RecordedCall, type RestAnswer, type RestDeps } from './fake-discord-rest-kit.ts';

/** A channel webhook as Discord returns it on creation. */
export function webhookJson(state: FakeState, channelId: string, name: string): Json {
  return { id: snowflake(), token: `whtoken-${snowflake()}`, type: 1, channel_id: channelId, guild_id: state.guildId, name, avatar: null, user: state.botUser, application_id: state.appId };
}

/** The channel a webhook call targets: the webhook's own, or `thread_id` under it. */
function webhookTarget(state: FakeState, webhook: Json, query: Record<string, string>): Json | undefined {
  const id = query['thread_id'] ?? webhook['channel_id'];
  const channel = state.channels.get(id);
  if (!channel) return undefined;
  if (query['thread_id'] && channel['parent_id'] !== webhook['channel_id']) return undefined;
  return channel;
}

/**
 * POST /webhooks/:id/:token — executes a channel webhook, or sends an interaction follow-up (the
 * application's own "webhook").
 *
 * @example
 * ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, webhookExecute]
 */
export function webhookExecute(call: RecordedCall, m: RegExpMatchArray, deps: RestDeps): RestAnswer {
  const { state } = deps;
  if (m[1] === state.appId) {
    const message = messageJson({ channel_id: 'interaction', author: state.botUser, ...messageFields(call.body, call.files) });
    state.followUps.push({ token: m[2]!, method: 'POST', body: call.body, messageId: message['id'] });
    return ok(message);
  }
  const webhook = state.webhooks.get(m[1]!);
  if (!webhook || webhook['token'] !== m[2]) return unknownWebhook();
  const channel = webhookTarget(state, webhook, call.query);
  if (!channel) return unknownChannel();
  const refused = tooLarge(state, call.files);
  if (refused) return refused;
  const author = { id: webhook['id'], username: call.body?.username ?? webhook['name'], avatar: null, discriminator: '0000', bot: true };
  const answer = createMessage(deps, channel, {
    author,
    webhook_id: webhook['id'],
    avatar_url: call.body?.avatar_url,
    allowed_mentions: call.body?.allowed_mentions,
    ...messageFields(call.body, call.files),
  });
  return call.query['wait'] === 'true' || answer.status !== 200 ? answer : { status: 204 };
}

/**
 * PATCH / DELETE /webhooks/:id/:token/messages/:message — edits or deletes a webhook's message
 * (or an interaction's reply).
 *
 * @example
 * ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, webhookMessage]
 */
export function webhookMessage(call: RecordedCall, m: RegExpMatchArray, deps: RestDeps): RestAnswer {
  const { state } = deps;
  if (m[1] === state.appId) {
    state.followUps.push({ token: m[2]!, method: call.method, body: call.body, messageId: m[3]! });
    return call.method === 'DELETE' ? { status: 204 } : ok(messageJson({ channel_id: 'interaction', author: state.botUser, ...messageFields(call.body, call.files) }));
  }
  const webhook = state.webhooks.get(m[1]!);
  if (!webhook || webhook['token'] !== m[2]) return unknownWebhook();
  const message = state.messages.get(m[3]!);
  if (!message || message['webhook_id'] !== webhook['id']) return unknownMessage();
  return call.method === 'DELETE' ? deleteMessage(deps, message) : editMessage(deps, message, call.body);
}
