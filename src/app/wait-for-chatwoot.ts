import { setTimeout as delay } from 'node:timers/promises';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ChatwootSettings } from '../config/read-env.ts';
import { checkChatwootIdentity, identityLine } from './identity-check.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

/** Chatwoot gave a permanent answer at boot (bad token, wrong account, a URL that is not Chatwoot). */
export class ChatwootBootError extends Error {
  /** The one line for stderr, in the words `switchboard doctor` uses. */
  readonly line: string;
  constructor(line: string) {
    super(line);
    this.name = 'ChatwootBootError';
    this.line = line;
  }
}

/**
 * The boot's identity check: runs {@link checkChatwootIdentity} until Chatwoot gives a definite
 * answer. A permanent failure throws {@link ChatwootBootError} (the process exits 2 with its line);
 * a transient one (timeout, 5xx, network) is logged and retried with backoff, so a Chatwoot that
 * is still starting up does not kill the bot. Rejects with the signal's reason when aborted.
 *
 * @example
 * await waitForChatwoot({ chatwoot, log, signal: shutdown.signal }); // throws ChatwootBootError on a 401
 */
export async function waitForChatwoot(deps: {
  chatwoot: ChatwootSettings;
  log: Logger;
  metrics?: Metrics;
  signal: AbortSignal;
  /** Test seam; default a REST client without retries (this loop owns them). */
  rest?: Pick<ChatwootRest, 'getApiInfo' | 'getProfile'>;
  backoff?: { baseMs?: number; capMs?: number };
}): Promise<void> {
  const { chatwoot, log, signal } = deps;
  const rest = deps.rest ?? createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, log, metrics: deps.metrics, retry: { retries: 0 } });
  const baseMs = deps.backoff?.baseMs ?? 1_000;
  const capMs = deps.backoff?.capMs ?? 30_000;
  for (let attempt = 0; ; attempt += 1) {
    signal.throwIfAborted();
    const { rows, profile } = await checkChatwootIdentity(rest, chatwoot, { signal });
    signal.throwIfAborted();
    if (profile) return;
    const failed = rows.find((row) => !row.ok);
    if (!failed) return;
    if (!failed.transient) throw new ChatwootBootError(identityLine(failed));
    const waitMs = Math.min(capMs, baseMs * 2 ** attempt);
    log.warn({ retryInMs: waitMs }, `${identityLine(failed)} (retrying in ${Math.round(waitMs / 1000)} s)`);
    await delay(waitMs, undefined, { signal });
  }
}
