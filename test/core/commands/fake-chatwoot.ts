import type { Conversation, ConversationStatus, Message } from '../../../src/chatwoot/models.ts';
import { ChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import type { Agent, ListConversationsInput } from '../../../src/chatwoot/rest/types.ts';
import { registerBuiltInCommands, type BuiltInDeps } from '../../../src/core/commands/built-in-commands.ts';
import { createCommandRegistry } from '../../../src/core/commands/create-command-registry.ts';
import { captureLog } from '../../helpers/capture-log.ts';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

export const AGENTS: Agent[] = [
  { id: 7, name: 'Ann Lee', email: 'ann@example.com', role: 'agent', availability_status: 'online', type: 'user' },
  { id: 8, name: 'Alice Smith', email: 'alice@example.com', role: 'agent', availability_status: 'online', type: 'user' },
  { id: 9, name: 'Alan Po', email: 'alan@example.com', role: 'administrator', availability_status: 'busy', type: 'user' },
];

export function conversation(id: number, fields: Partial<Conversation> & { contact?: string; email?: string; assignee?: number } = {}): Conversation {
  const { contact = `Customer ${id}`, email, assignee, ...rest } = fields;
  const agent = AGENTS.find((a) => a.id === assignee);
  return {
    id,
    account_id: 1,
    inbox_id: 3,
    status: 'open',
    channel: 'Channel::WebWidget',
    labels: [],
    last_activity_at: NOW_S - 300,
    meta: { sender: { id: 100 + id, name: contact, ...(email ? { email } : {}), type: 'contact' }, assignee: agent ?? null },
    ...rest,
  };
}

export function message(id: number, conversationId: number, fields: Partial<Message> & { from?: string } = {}): Message {
  const { from = 'Customer', ...rest } = fields;
  return {
    id,
    content: `message ${id}`,
    account_id: 1,
    inbox_id: 3,
    conversation_id: conversationId,
    message_type: 'incoming',
    content_type: 'text',
    content_attributes: {},
    private: false,
    source_id: null,
    sender_type: 'Contact',
    sender_id: 1,
    sender: { id: 1, name: from, type: 'contact' },
    created_at: NOW_S - 60 * (60 - id),
    ...rest,
  };
}

type Call = [string, ...unknown[]];

/**
 * Chatwoot in memory for the built-ins: reads filter real data the way Chatwoot does (status,
 * assignee type, pages of 25); writes are recorded and answer like the outbox (a receipt).
 */
export function fakeChatwoot(options: { conversations?: Conversation[]; messages?: Message[]; delivered?: (call: Call) => Promise<unknown> } = {}) {
  const conversations = options.conversations ?? [];
  const messages = options.messages ?? [];
  const calls: Call[] = [];
  const notFound = (id: number, method = 'GET') =>
    new ChatwootApiError({ kind: 'not_found', method, path: `/api/v1/accounts/1/conversations/${id}`, status: 404 });
  const write = (name: string) => async (...args: unknown[]) => {
    const call: Call = [name, ...args];
    calls.push(call);
    const id = args[0] as number;
    const delivered = conversations.some((c) => c.id === id)
      ? (options.delivered?.(call) ?? Promise.resolve(undefined))
      : Promise.reject(notFound(id, 'POST'));
    return { id: `w${calls.length}`, delivered };
  };
  const deps: BuiltInDeps = {
    rest: {
      async listConversations(input: ListConversationsInput = {}) {
        calls.push(['listConversations', input]);
        const status: ConversationStatus | 'all' = input.status ?? 'open';
        const byStatus = conversations.filter((c) => status === 'all' || c.status === status);
        const assigned = byStatus.filter((c) => c.meta?.assignee);
        const matching = input.assigneeType === 'unassigned' ? byStatus.filter((c) => !c.meta?.assignee) : input.assigneeType === 'assigned' ? assigned : byStatus;
        const page = input.page ?? 1;
        return {
          meta: { mine_count: 0, assigned_count: assigned.length, unassigned_count: byStatus.length - assigned.length, all_count: byStatus.length },
          conversations: matching.slice((page - 1) * 25, page * 25),
        };
      },
      async getConversation(id: number) {
        calls.push(['getConversation', id]);
        const found = conversations.find((c) => c.id === id);
        if (!found) throw notFound(id);
        return found;
      },
      async listMessages(id: number) {
        calls.push(['listMessages', id]);
        if (!conversations.some((c) => c.id === id)) throw notFound(id);
        return { meta: {}, messages: messages.filter((m) => m.conversation_id === id).slice(-20) };
      },
      async listAgents() {
        calls.push(['listAgents']);
        return AGENTS;
      },
    },
    writes: { reply: write('reply'), note: write('note'), setStatus: write('setStatus'), assign: write('assign'), label: write('label') },
    status: () => ({ cable: 'subscribed', outboxPending: 2, pausedPlugins: [], bus: { delivered: 12, failed: 0 }, lastCatchUp: undefined }),
    chatwootUrl: 'https://chat.example.com/',
    accountId: 1,
    now: () => NOW,
  };
  const writes = () => calls.filter(([name]) => ['reply', 'note', 'setStatus', 'assign', 'label'].includes(name));
  return { deps, calls, writes };
}

export const UNMAPPED = { id: 'U3', name: 'Una', roles: ['agent'] };

/** A registry with the built-ins over {@link fakeChatwoot} (by default: #42, Jane Doe). */
export function setupBuiltIns(
  chatwoot = fakeChatwoot({ conversations: [conversation(42, { contact: 'Jane Doe', email: 'jane@example.com' })] }),
  extra: Partial<BuiltInDeps> = {},
) {
  const { log, lines } = captureLog();
  const registry = createCommandRegistry({ log, now: () => NOW });
  registerBuiltInCommands(registry, { ...chatwoot.deps, ...extra });
  return { registry, lines, ...chatwoot };
}
