import type { ConversationStatus } from '../chatwoot/models.ts';
import { assignAgent, assignTeam, changeStatus, replaceLabels } from './conversation-actions.ts';
import { agentRest, conversationRest, teamJson } from './payload-builders.ts';
import { requireConversation, SimError } from './simulator-core.ts';
import type { SimConversation } from './simulator-state.ts';
import { ACCOUNT, CONVERSATION, route, toInt, type Route, type RouteEnv, type RouteRequest } from './rest-route.ts';

const PER_PAGE = 25; // CONVERSATION_RESULTS_PER_PAGE
const STATUSES: readonly ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];

type Sorter = (a: SimConversation, b: SimConversation) => number;
const SORTS: Record<string, Sorter> = {
  last_activity_at_desc: (a, b) => b.lastActivityAtMs - a.lastActivityAtMs || b.displayId - a.displayId,
  last_activity_at_asc: (a, b) => a.lastActivityAtMs - b.lastActivityAtMs || a.displayId - b.displayId,
  created_at_desc: (a, b) => b.createdAtMs - a.createdAtMs || b.displayId - a.displayId,
  created_at_asc: (a, b) => a.createdAtMs - b.createdAtMs || a.displayId - b.displayId,
};
SORTS['latest'] = SORTS['last_activity_at_desc']!;
SORTS['sort_on_created_at'] = SORTS['created_at_asc']!;

/** `ConversationFinder`: filters, counts per assignee type, then one page. */
function listConversations(env: RouteEnv, req: RouteRequest): unknown {
  const { core } = env;
  const status = req.query['status'] ?? 'open';
  let list = [...core.state.conversations.values()];
  if (status !== 'all') list = list.filter((c) => c.status === status);
  if (req.query['inbox_id']) list = list.filter((c) => c.inboxId === toInt(req.query['inbox_id']));
  if (req.query['team_id']) list = list.filter((c) => c.teamId === toInt(req.query['team_id']));
  const labels = req.search.getAll('labels[]');
  // `tagged_with(labels, any: true)`.
  if (labels.length > 0) list = list.filter((c) => c.labels.some((l) => labels.includes(l)));
  const within = req.query['updated_within'];
  if (within !== undefined) list = list.filter((c) => c.updatedAtMs >= core.now() - toInt(within) * 1000);

  const me = core.bot().id;
  const meta = {
    mine_count: list.filter((c) => c.assigneeId === me).length,
    assigned_count: list.filter((c) => c.assigneeId !== null).length,
    unassigned_count: list.filter((c) => c.assigneeId === null).length,
    all_count: list.length,
  };
  const assigneeType = req.query['assignee_type'] ?? 'all';
  if (assigneeType === 'me') list = list.filter((c) => c.assigneeId === me);
  else if (assigneeType === 'unassigned') list = list.filter((c) => c.assigneeId === null);
  else if (assigneeType === 'assigned') list = list.filter((c) => c.assigneeId !== null);

  list.sort(SORTS[req.query['sort_by'] ?? ''] ?? SORTS['last_activity_at_desc']!);
  if (within === undefined) {
    const page = Math.max(1, toInt(req.query['page'] ?? 1));
    list = list.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  }
  return { data: { meta, payload: list.map((c) => conversationRest(core.ctx, c)) } };
}

function conversationOf(env: RouteEnv, req: RouteRequest): SimConversation {
  return requireConversation(env.core, toInt(req.params['cid']));
}

function toggleStatus(env: RouteEnv, req: RouteRequest): unknown {
  const { core } = env;
  const c = conversationOf(env, req);
  const requested = req.body.params['status'];
  let next: ConversationStatus;
  if (requested === undefined || requested === null || requested === '') {
    next = c.status === 'open' ? 'resolved' : 'open';
  } else if ((STATUSES as readonly unknown[]).includes(requested)) {
    next = requested as ConversationStatus;
  } else {
    throw new SimError(422, `'${String(requested)}' is not a valid status`);
  }
  const rawSnooze = req.body.params['snoozed_until'];
  const snoozedUntil = rawSnooze === undefined || rawSnooze === null || rawSnooze === '' ? null : toInt(rawSnooze);
  const bot = core.bot();
  changeStatus(core, c, next, snoozedUntil, bot);
  // `should_assign_conversation?`: an agent-role caller who opens a conversation gets it.
  if (bot.role === 'agent' && c.status === 'open') assignAgent(core, c, bot.id, bot);
  return {
    meta: {},
    payload: { success: true, conversation_id: c.displayId, current_status: c.status, snoozed_until: c.snoozedUntil },
  };
}

function assign(env: RouteEnv, req: RouteRequest): unknown {
  const { core } = env;
  const c = conversationOf(env, req);
  const params = req.body.params;
  const bot = core.bot();
  if ('assignee_id' in params) {
    const raw = params['assignee_id'];
    // `Current.account.users.find_by(id:)`: an unknown id unassigns.
    const agent = raw === null || raw === '' ? undefined : core.state.agents.get(toInt(raw));
    assignAgent(core, c, agent?.id ?? null, bot);
    return agent ? agentRest(core.ctx, agent) : null;
  }
  if ('team_id' in params) {
    const raw = params['team_id'];
    const team = raw === null || raw === '' ? undefined : core.state.teams.get(toInt(raw));
    assignTeam(core, c, team?.id ?? null, bot);
    return team ? teamJson(core.ctx, team.id) : null;
  }
  return null;
}

function setLabels(env: RouteEnv, req: RouteRequest): unknown {
  const c = conversationOf(env, req);
  const raw = req.body.params['labels'];
  const labels = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  return { payload: [...replaceLabels(env.core, c, labels, env.core.bot())] };
}

/** Conversations: list, show, toggle_status, assignments, labels, last seen, typing. */
export const conversationRoutes: Route[] = [
  route('GET', `${ACCOUNT}/conversations`, (env, req) => ({ body: listConversations(env, req) })),
  route('GET', CONVERSATION, (env, req) => ({ body: conversationRest(env.core.ctx, conversationOf(env, req)) })),
  route('POST', `${CONVERSATION}/toggle_status`, (env, req) => ({ body: toggleStatus(env, req) })),
  route('POST', `${CONVERSATION}/assignments`, (env, req) => ({ body: assign(env, req) })),
  route('GET', `${CONVERSATION}/labels`, (env, req) => ({ body: { payload: [...conversationOf(env, req).labels] } })),
  route('POST', `${CONVERSATION}/labels`, (env, req) => ({ body: setLabels(env, req) })),
  route('POST', `${CONVERSATION}/update_last_seen`, (env, req) => {
    const c = conversationOf(env, req);
    c.agentLastSeenAtMs = env.core.now();
    c.unreadCount = 0;
    return { status: 200 };
  }),
  route('POST', `${CONVERSATION}/toggle_typing_status`, (env, req) => {
    conversationOf(env, req);
    // Typing events skip the typer's own token, and the simulator has no other listener.
    return { status: 200 };
  }),
];
