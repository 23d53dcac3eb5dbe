import type { Message } from '../../chatwoot/models.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { ChatwootWrite } from './chatwoot-facade.ts';
import { echoMarker } from '../ledger/create-ledger.ts';
import { mayHaveRun, type Executor, type OutboxEntry } from '../outbox/create-outbox.ts';
import { findSentMessage } from './find-sent-message.ts';

/** The outbox kind of every Chatwoot write; destination `chatwoot:<conversationId>` keeps them in order. */
export const CHATWOOT_WRITE = 'chatwoot.write';

/**
 * Performs one queued Chatwoot write. A message that may have been sent already (a retry, or an
 * entry resumed after a restart) first looks for itself by the echo id in its persisted marker —
 * paging back through the conversation until messages older than the entry, however busy it is —
 * because a POST whose answer was lost (timeout, a 503 after the commit) may have been created.
 * Throttling and transient errors are retried for the outbox's time budget (1 h by default).
 */
export function createChatwootWriteExecutor(
  rest: ChatwootRest,
  /** The REST client holding an agent's own token (CHATWOOT_AGENT_TOKENS), if there is one. */
  restAs: (agentId: number) => ChatwootRest | undefined = () => undefined,
  /** Several instances: the active instance's fencing token, recorded in each message it writes. */
  fence: () => number | undefined = () => undefined,
): Executor<ChatwootWrite, unknown> {
  return {
    async execute(entry, signal) {
      const write = entry.payload;
      switch (write.op) {
        case 'message': {
          const agentRest = write.author?.chatwootAgentId !== undefined ? restAs(write.author.chatwootAgentId) : undefined;
          const client = agentRest ?? rest;
          const marker = echoMarker(write.origin, write.echoId);
          // Authored by the bot user: keep who really typed it.
          if (write.author && !agentRest) (marker['switchboard'] as Record<string, unknown>)['author'] = write.author.name;
          const token = fence();
          if (token !== undefined) (marker['switchboard'] as Record<string, unknown>)['fence'] = token;
          if (mayHaveRun(entry)) {
            const sent = await findSentMessage(client, entry, write.conversationId, write.echoId, signal);
            if (sent) return sent;
          }
          return client.createMessage(
            write.conversationId,
            {
              content: write.content,
              message_type: 'outgoing',
              private: write.private,
              echo_id: write.echoId,
              content_attributes: marker,
              ...(write.attachments?.length
                ? {
                    attachments: write.attachments.map((a) => ({
                      filename: a.filename,
                      data: Buffer.from(a.base64, 'base64'),
                      ...(a.contentType ? { contentType: a.contentType } : {}),
                    })),
                  }
                : {}),
            },
            { signal },
          );
        }
        case 'status':
          return rest.toggleStatus(write.conversationId, write.status, write.snoozedUntil ? { snoozedUntil: write.snoozedUntil } : {}, { signal });
        case 'assign':
          return rest.assign(write.conversationId, { assigneeId: write.agentId }, { signal });
        case 'label':
          return rest.updateLabels(write.conversationId, { add: write.add, remove: write.remove }, { signal });
        case 'delete':
          return rest.deleteMessage(write.conversationId, write.messageId, { signal });
      }
    },
  };
}
