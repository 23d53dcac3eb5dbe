import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ChatwootSettings } from '../config/read-env.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/**
 * One REST client per agent token (CHATWOOT_AGENT_TOKENS), so a reply typed by a mapped agent on a
 * surface is authored by that agent in Chatwoot.
 *
 * @example
 * const restAs = agentRests(chatwoot, { log, metrics });
 * restAs(12)?.createMessage(42, { content: 'hi' });
 */
export function agentRests(chatwoot: ChatwootSettings, deps: { log: Logger; metrics: Metrics }): (agentId: number) => ChatwootRest | undefined {
  const clients = new Map(
    Object.entries(chatwoot.agentTokens ?? {}).map(([id, token]) => [
      Number(id),
      createChatwootRest({ baseUrl: chatwoot.url, apiToken: token, accountId: chatwoot.accountId, log: deps.log, metrics: deps.metrics }),
    ]),
  );
  return (agentId) => clients.get(agentId);
}
