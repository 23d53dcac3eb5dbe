import { idSegment } from './build-url.ts';
import { contactsApi } from './contacts.ts';
import { conversationsApi } from './conversations.ts';
import { directoryApi } from './directory.ts';
import { inboxesApi } from './inboxes.ts';
import { labelsApi } from './labels.ts';
import { messagesApi } from './messages.ts';
import { profileApi } from './profile.ts';
import type { RestContext } from './rest-context.ts';
import { DEFAULT_RETRY } from './retry.ts';
import { createTransport } from './transport.ts';
import type { ChatwootRest, ChatwootRestOptions } from './types.ts';

export type * from './types.ts';
export { ChatwootApiError, isChatwootApiError, type ChatwootErrorKind } from './chatwoot-error.ts';
export { MAX_MESSAGE_PAGES, MESSAGES_AFTER_PAGE_SIZE } from './messages.ts';

/**
 * The Chatwoot REST client for one account. Every answer is normalized (`models.ts` shapes);
 * every failure is a {@link ChatwootApiError}. GETs retry transient failures with backoff and
 * full jitter; POST and DELETE never retry.
 *
 * @example
 * const rest = createChatwootRest({ baseUrl: env.CHATWOOT_URL, apiToken: env.CHATWOOT_API_TOKEN, accountId: 1, log, metrics });
 * const { pubsub_token } = await rest.getProfile();
 * await rest.createMessage(42, { content: 'On it', private: true, echo_id: crypto.randomUUID() });
 * const missed = await rest.listMessagesAfter(42, lastSeenId);
 */
export function createChatwootRest(options: ChatwootRestOptions): ChatwootRest {
  const accountId = Number(idSegment(options.accountId, 'accountId'));
  const retry = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
  const send = createTransport({
    baseUrl: options.baseUrl,
    apiToken: options.apiToken,
    timeoutMs: options.timeoutMs ?? 15_000,
    retry,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const ctx: RestContext = { send, accountId, accountPath: (suffix) => `/api/v1/accounts/${accountId}${suffix}`, ...(options.log ? { log: options.log } : {}) };
  return {
    accountId,
    ...profileApi(ctx),
    ...messagesApi(ctx),
    ...conversationsApi(ctx),
    ...labelsApi(ctx),
    ...directoryApi(ctx),
    ...inboxesApi(ctx),
    ...contactsApi(ctx),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
