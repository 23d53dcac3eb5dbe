import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ChatwootWrite } from './chatwoot-facade.ts';
import { echoMarker } from './ledger/create-ledger.ts';
import type { Executor } from './outbox/create-outbox.ts';

/** The outbox kind of every Chatwoot write; destination `chatwoot:<conversationId>` keeps them in order. */
export const CHATWOOT_WRITE = 'chatwoot.write';

/**
 * Performs one queued Chatwoot write. A retried message first looks for itself (by the echo id in
 * its persisted marker): a POST that timed out may have been created, and must not be sent twice.
 */
export function createChatwootWriteExecutor(
  rest: ChatwootRest,
  /** The REST client holding an agent's own token (CHATWOOT_AGENT_TOKENS), if there is one. */
  restAs: (agentId: number) => ChatwootRest | undefined = () => undefined,
): Executor<ChatwootWrite, unknown> {
  return {
    maxAttempts: 8,
    async execute(entry, signal) {
      const write = entry.payload;
      switch (write.op) {
        case 'message': {
          const agentRest = write.author?.chatwootAgentId !== undefined ? restAs(write.author.chatwootAgentId) : undefined;
          const client = agentRest ?? rest;
          const marker = echoMarker(write.origin, write.echoId);
          // Authored by the bot user: keep who really typed it.
          if (write.author && !agentRest) (marker['switchboard'] as Record<string, unknown>)['author'] = write.author.name;
          if (entry.attempts > 0) {
            const recent = await client.listMessages(write.conversationId, {}, { signal });
            const sent = recent.messages.find((m) => (m.content_attributes['switchboard'] as { echo_id?: string } | undefined)?.echo_id === write.echoId);
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
