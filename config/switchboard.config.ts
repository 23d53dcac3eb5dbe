import { defineConfig } from '../src/index.ts';
import consoleSurface from '../plugins/console/index.ts';
import { communityScene } from '../plugins/console/community/community-scene.ts';
import discord from '../plugins/discord/index.ts';
import discordCommunity from '../plugins/discord-community/index.ts';
import slack from '../plugins/slack/index.ts';
import slackCommunity from '../plugins/slack-community/index.ts';

/**
 * Which plugins run and their non-secret settings. Secrets (tokens, webhook secret) come from the
 * environment only — see .env.example. Slack and Discord switch themselves on when their
 * credentials are in the environment, and log one "off" line otherwise.
 */
export default defineConfig({
  // Plugin objects, or module paths relative to the working directory.
  // SWITCHBOARD_PLUGINS=./a.ts,./b.js adds more without editing this file.
  plugins: [slack, discord, discordCommunity, slackCommunity],
  settings: {
    // slack: { routes: { '3': 'C0SALES' }, channels: { C0SALES: { replyMode: 'notes' } } },   // see plugins/slack/README.md
    // discord: { mode: 'thread', commandRoles: ['<role id>'], userMap: { '<discord user id>': 2 } }, // see plugins/discord/README.md
    // 'discord-community': { supportChannelId: '<channel id>', userMap: { '<discord user id>': 2 } }, // see plugins/discord-community/README.md
    // 'slack-community': { channelIds: ['<channel id>'], userMap: { '<slack user id>': 2 }, slackConnectOnly: true, afterResolve: 'reopen' }, // see plugins/slack-community/README.md
  },
  sandbox: {
    // Only when CHATWOOT_URL is unset: the embedded simulator shows up in the terminal.
    plugins: [consoleSurface],
    customers: true,
    // Started on request: `npm start -- --scene community` adds a simulated Discord community.
    scenes: [communityScene],
  },
  runtime: {
    concurrency: 32,
    handlerTimeoutMs: 30_000,
    pauseAfterFailures: 5,
    sweepMs: 300_000,
  },
  webhook: {
    // Chatwoot signs webhooks since 4.13; accept unsigned deliveries only for older servers.
    allowUnsigned: false,
  },
  cable: {
    confirmTimeoutMs: 10_000,
    staleAfterMs: 6_000,
    backoffCapMs: 30_000,
    profileRefreshMs: 300_000,
  },
});
