import { agentRest, contactRest } from './payload-builders.ts';
import { SimError } from './simulator-core.ts';
import { ACCOUNT, route, toInt, type Route, type RouteEnv } from './rest-route.ts';

const CONTACTS_PER_PAGE = 15;

function profile(env: RouteEnv): Record<string, unknown> {
  const bot = env.core.bot();
  const { apiToken, pubsubToken } = env.credentials();
  const { state, ctx } = env.core;
  return {
    id: bot.id,
    name: bot.name,
    email: bot.email,
    display_name: null,
    available_name: bot.name,
    avatar_url: '',
    access_token: apiToken,
    pubsub_token: pubsubToken,
    account_id: state.accountId,
    role: bot.role,
    type: 'user',
    ui_settings: {},
    accounts: [
      {
        id: state.accountId,
        name: state.accountName,
        role: bot.role,
        availability: bot.availability,
        availability_status: ctx.availability(bot),
        auto_offline: bot.autoOffline,
        active_at: null,
        permissions: [bot.role],
      },
    ],
  };
}

function profileParam(body: Record<string, unknown>): Record<string, unknown> {
  const p = body['profile'];
  return typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {};
}

/** `/api`, profile, agents and contact search (inboxes: `rest-routes-api-inbox.ts`). */
export const accountRoutes: Route[] = [
  route(
    'GET',
    '/api',
    () => ({
      body: {
        version: '4.15.1',
        timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19),
        queue_services: 'ok',
        data_services: 'ok',
      },
    }),
    false,
  ),
  route('GET', '/api/v1/profile', (env) => ({ body: profile(env) })),
  route('POST', '/api/v1/profile/availability', (env, req) => {
    const availability = profileParam(req.body.params)['availability'];
    if (availability !== 'online' && availability !== 'busy' && availability !== 'offline') {
      throw new SimError(422, `'${String(availability)}' is not a valid availability`);
    }
    env.core.bot().availability = availability;
    return { body: profile(env) };
  }),
  route('POST', '/api/v1/profile/auto_offline', (env, req) => {
    const value = profileParam(req.body.params)['auto_offline'];
    env.core.bot().autoOffline = !(value === false || value === 'false');
    return { body: profile(env) };
  }),
  route('GET', `${ACCOUNT}/agents`, (env) => ({
    body: [...env.core.state.agents.values()].map((agent) => agentRest(env.core.ctx, agent)),
  })),
  route('GET', `${ACCOUNT}/contacts/search`, (env, req) => {
    const q = (req.query['q'] ?? '').trim().toLowerCase();
    if (!q) throw new SimError(422, 'Specify search string with parameter q');
    const page = Math.max(1, toInt(req.query['page'] ?? 1));
    const matches = [...env.core.state.contacts.values()].filter((c) =>
      [c.name, c.email, c.phoneNumber, c.identifier].some((field) => field?.toLowerCase().includes(q)),
    );
    // The order moves under a client paging through it (last activity): with the quirk on, each
    // page after the first repeats the previous page's last contact.
    const from = (page - 1) * CONTACTS_PER_PAGE - (env.core.quirks?.contactSearchOverlap && page > 1 ? 1 : 0);
    const slice = matches.slice(from, page * CONTACTS_PER_PAGE);
    return {
      body: {
        meta: { count: matches.length, current_page: page, has_more: page * CONTACTS_PER_PAGE < matches.length },
        payload: slice.map((c) => contactRest(env.core.ctx, c)),
      },
    };
  }),
];
