import { createChatwootRest, createCustomerDirectory, type PluginContext } from '../../src/index.ts';
import { onceUntilFailure } from '../../src/surface/index.ts';
import { createIdentity, createSlackApi, sharedBoltApp } from '../slack/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { registerMemberExecutors } from './executors.ts';
import { followCommunityConversations } from './from-chatwoot.ts';
import { registerPostExecutors } from './post-executors.ts';
import { COMMUNITY_EVENTS_PATH, type CommunityEnv, type CommunitySettings } from './settings.ts';
import { threadMap } from './thread-map.ts';
import { listenToMembers } from './to-chatwoot.ts';

/**
 * The community surface switched on: the Bolt app — the agents' Slack plugin's own when the
 * credentials are the same (one Socket Mode connection, one events route), else the community
 * app's — the Chatwoot account API for the inbox, the executors and both directions. Socket Mode
 * connects on the active instance only; HTTP mode listens on every one.
 *
 * @example
 * const env = readCommunityEnv(ctx.env, ctx.config);
 * if (env) startCommunity(ctx, env);
 */
export function startCommunity(ctx: PluginContext<CommunitySettings>, env: CommunityEnv): void {
  const bolt = sharedBoltApp(ctx, {
    botToken: env.botToken,
    ...(env.appToken ? { appToken: env.appToken } : {}),
    ...(env.signingSecret ? { signingSecret: env.signingSecret } : {}),
    settings: { apiUrl: ctx.config.apiUrl, socketRetries: ctx.config.socketRetries },
    ...(env.ownApp ? { eventsPath: COMMUNITY_EVENTS_PATH } : {}),
  });
  const api = createSlackApi(bolt.app.client);
  const rest = createChatwootRest({ baseUrl: env.chatwoot.url, apiToken: env.chatwoot.apiToken, accountId: env.chatwoot.accountId, log: ctx.log });
  const directory = createCustomerDirectory(rest, { inboxId: env.inboxId, conversations: threadMap(ctx), log: ctx.log });
  const self = onceUntilFailure(async () => {
    const auth = await api.authTest();
    return { userId: auth.user_id ?? '', teamId: auth.team_id ?? '' };
  });
  const people = createIdentity({ api, settings: { userMap: ctx.config.userMap }, ctx });
  const deps: CommunityDeps = { ctx, env, api, people, self, rest, directory };
  registerMemberExecutors(deps);
  registerPostExecutors(deps);
  listenToMembers(deps, bolt.app);
  followCommunityConversations(deps);

  const connected = () => ctx.log.info({ channels: env.channelIds, inbox: env.inboxId, mode: bolt.mode, sharedApp: !env.ownApp }, 'slack-community: connected');
  const start = () =>
    bolt.start().then(connected, (error: unknown) => ctx.log.error({ err: (error as Error).message }, 'slack-community: could not connect to Slack — check the tokens'));
  ctx.onShutdown(() => bolt.stop().catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, 'slack-community: stop failed')));
  if (bolt.mode === 'http') void start();
  else ctx.onActive(() => void start());
}
