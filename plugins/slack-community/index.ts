import { definePlugin } from '../../src/index.ts';
import { communityEnv } from '../../src/surface/index.ts';
import { communityDoctor } from './doctor.ts';
import { communitySettings, OFF_LINE, readCommunityEnv } from './settings.ts';

/**
 * Slack members as Chatwoot customers: each top-level message in the community channels (a Slack
 * Connect channel, or a community workspace's channel) starts a conversation of the community API
 * inbox, and its thread carries the rest both ways; agents' public replies are posted into the
 * thread, resolving posts a closing line. Shares the agents' Slack app when the tokens are the
 * same. Off (one info line) until configured. See plugins/slack-community/README.md.
 *
 * @example
 * // config/switchboard.config.ts
 * import slackCommunity from '../plugins/slack-community/index.ts';
 * export default defineConfig({ plugins: [slack, slackCommunity], settings: { 'slack-community': { channelIds: ['C0SUPPORT'] } } });
 */
export default definePlugin({
  name: 'slack-community',
  config: communitySettings,
  doctor: communityDoctor,
  async setup(ctx) {
    const env = await communityEnv(ctx, (inboxId) => readCommunityEnv(ctx.env, ctx.config, inboxId), OFF_LINE);
    if (!env) return;
    // @slack/bolt is loaded only when the surface is on.
    const { startCommunity } = await import('./start-community.ts');
    startCommunity(ctx, env);
  },
});
