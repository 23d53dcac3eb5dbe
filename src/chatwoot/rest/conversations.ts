import type { Conversation, ConversationStatus } from '../models.ts';
import { isRecord, normalizeConversation, normalizeSender, toUnixSeconds } from '../normalize-objects.ts';
import { idSegment } from './build-url.ts';
import { badResponse, UNREADABLE_HINT } from './error-mapping.ts';
import { expectArray, expectRecord, type RestContext } from './rest-context.ts';
import type {
  AssignInput,
  AssignResult,
  CallOptions,
  ConversationsMeta,
  ConversationsPage,
  CreateConversationInput,
  ListConversationsInput,
  Team,
  ToggleStatusResult,
} from './types.ts';

const STATUSES: readonly ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];

/** Conversations: read one, list (25 a page), change status, assign. Ids are display ids. */
export function conversationsApi(ctx: RestContext) {
  const conversationPath = (id: number, suffix = '') => ctx.accountPath(`/conversations/${idSegment(id, 'conversationId')}${suffix}`);
  const toConversation = (raw: Record<string, unknown>) => normalizeConversation({ account_id: ctx.accountId, ...raw });

  return {
    async getConversation(conversationId: number, options: CallOptions = {}): Promise<Conversation> {
      const req = { method: 'GET', path: conversationPath(conversationId) } as const;
      return toConversation(expectRecord(await ctx.send({ ...req, signal: options.signal }), req));
    },

    /** One page (or, with `updatedWithin`, every match: Chatwoot then skips paging). */
    async listConversations(input: ListConversationsInput = {}, options: CallOptions = {}): Promise<ConversationsPage> {
      const req = { method: 'GET', path: ctx.accountPath('/conversations') } as const;
      const query = {
        status: input.status,
        assignee_type: input.assigneeType,
        inbox_id: input.inboxId,
        team_id: input.teamId,
        labels: input.labels?.length ? input.labels : undefined,
        sort_by: input.sortBy,
        updated_within: input.updatedWithin,
        page: input.page,
      };
      const body = expectRecord(await ctx.send({ ...req, query, signal: options.signal }), req);
      const data = expectRecord(body['data'], req, '{"data": {"meta", "payload"}}');
      const payload = expectArray(data['payload'], req, '{"data": {"payload": [conversations]}}');
      const rawMeta = isRecord(data['meta']) ? data['meta'] : {};
      const count = (key: string) => (typeof rawMeta[key] === 'number' ? rawMeta[key] : Number(rawMeta[key] ?? 0) || 0);
      const meta: ConversationsMeta = {
        ...rawMeta,
        mine_count: count('mine_count'),
        assigned_count: count('assigned_count'),
        unassigned_count: count('unassigned_count'),
        all_count: count('all_count'),
      };
      return { meta, conversations: payload.filter(isRecord).map(toConversation) };
    },

    /**
     * `POST …/conversations` for a contact inbox (`sourceId`) of an API inbox: a new conversation
     * every call (Chatwoot does not look for an open one), so the caller keeps the mapping.
     * Never retried. Fires `conversation.created` on the cable and the inbox's callback.
     */
    async createConversation(input: CreateConversationInput, options: CallOptions = {}): Promise<Conversation> {
      const req = { method: 'POST', path: ctx.accountPath('/conversations') } as const;
      const json: Record<string, unknown> = { source_id: input.sourceId, inbox_id: input.inboxId };
      if (input.contactId !== undefined) json['contact_id'] = input.contactId;
      if (input.status !== undefined) json['status'] = input.status;
      if (input.customAttributes !== undefined) json['custom_attributes'] = input.customAttributes;
      if (input.additionalAttributes !== undefined) json['additional_attributes'] = input.additionalAttributes;
      const conversation = toConversation(expectRecord(await ctx.send({ ...req, json, signal: options.signal }), req));
      if (conversation.id === null || !Number.isSafeInteger(conversation.id) || conversation.id <= 0) throw badResponse(req.method, req.path, undefined, 'conversation has no id', UNREADABLE_HINT);
      return conversation;
    },

    /**
     * Sets the status; without one Chatwoot toggles open ↔ resolved (pending/snoozed → open).
     * ⚠ With an agent-role token, a result of `open` auto-assigns the conversation to the token's
     * user: use an administrator token, or re-assign afterwards.
     */
    async toggleStatus(
      conversationId: number,
      status?: ConversationStatus,
      extra: { snoozedUntil?: number } = {},
      options: CallOptions = {},
    ): Promise<ToggleStatusResult> {
      const req = { method: 'POST', path: conversationPath(conversationId, '/toggle_status') } as const;
      const json: Record<string, unknown> = {};
      if (status !== undefined) json['status'] = status;
      if (extra.snoozedUntil !== undefined) json['snoozed_until'] = Math.floor(extra.snoozedUntil);
      const body = expectRecord(await ctx.send({ ...req, json, signal: options.signal }), req);
      const payload = expectRecord(body['payload'], req, '{"payload": {"current_status"}}');
      const currentStatus = STATUSES.find((s) => s === payload['current_status']);
      if (!currentStatus) throw badResponse(req.method, req.path, undefined, `unknown current_status ${JSON.stringify(payload['current_status'])}`, UNREADABLE_HINT);
      const id = Number(payload['conversation_id']);
      return {
        conversationId: Number.isSafeInteger(id) && id > 0 ? id : conversationId,
        currentStatus,
        snoozedUntil: toUnixSeconds(payload['snoozed_until']) ?? null,
      };
    },

    /**
     * Changes the assignee and/or the team. Chatwoot's endpoint takes one at a time, so both mean
     * two POSTs: the team first, so a team change cannot undo the assignee set after it.
     */
    async assign(conversationId: number, input: AssignInput, options: CallOptions = {}): Promise<AssignResult> {
      const hasAssignee = input.assigneeId !== undefined;
      const hasTeam = input.teamId !== undefined;
      if (!hasAssignee && !hasTeam) throw new TypeError('assign needs assigneeId and/or teamId');
      const req = { method: 'POST', path: conversationPath(conversationId, '/assignments') } as const;
      const result: AssignResult = {};
      if (hasTeam) {
        const body = await ctx.send({ ...req, json: { team_id: input.teamId }, signal: options.signal });
        result.team = isRecord(body) ? ({ ...body, id: Number(body['id']), name: String(body['name'] ?? '') } as Team) : null;
      }
      if (hasAssignee) {
        const json: Record<string, unknown> = { assignee_id: input.assigneeId };
        if (input.assigneeType === 'AgentBot') json['assignee_type'] = 'AgentBot';
        const body = await ctx.send({ ...req, json, signal: options.signal });
        result.assignee = isRecord(body) ? (normalizeSender(body, input.assigneeType === 'AgentBot' ? 'agent_bot' : 'user') ?? null) : null;
      }
      return result;
    },
  };
}
