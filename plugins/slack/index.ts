import { definePlugin } from '../../src/index.ts';
import { createMirror, onceUntilFailure } from '../../src/surface/index.ts';
import { registerCommands } from './commands.ts';
import { SURFACE, type SlackDeps } from './deps.ts';
import { slackDoctor } from './doctor.ts';
import { registerExecutors } from './executors.ts';
import { createFoldPlanner } from './fold-bursts.ts';
import { createSlackSurface } from './from-chatwoot.ts';
import { createIdentity } from './identity.ts';
import { createPermissions } from './permissions.ts';
import { slackSettings } from './settings.ts';
import { createSlackApi } from './slack-api.ts';
import { toChatwoot } from './to-chatwoot.ts';

export const OFF_MESSAGE = 'slack: off — set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) to mirror into Slack';

/**
 * The Slack surface: a thread per Chatwoot conversation with a live parent card, every message
 * mirrored both ways (notes kept internal), edits, deletions, files, `/chatwoot` and `!commands`,
 * buttons and shortcuts. Socket Mode with SLACK_BOT_TOKEN + SLACK_APP_TOKEN, HTTP mode with
 * SLACK_SIGNING_SECRET; without SLACK_BOT_TOKEN it stays off.
 *
 * @example
 * // config/switchboard.config.ts
 * import slack from '../plugins/slack/index.ts';
 * export default defineConfig({ plugins: [slack], settings: { slack: { routes: { '3': 'C0SALES' } } } });
 */
export default definePlugin({
  name: SURFACE,
  config: slackSettings,
  doctor: slackDoctor,
  async setup(ctx) {
    const botToken = ctx.env['SLACK_BOT_TOKEN'];
    if (!botToken) {
      ctx.log.info(OFF_MESSAGE);
      return;
    }
    const appToken = ctx.env['SLACK_APP_TOKEN'];
    const signingSecret = ctx.env['SLACK_SIGNING_SECRET'];
    if (!appToken && !signingSecret) {
      throw new Error('SLACK_APP_TOKEN is missing — create an app-level token with connections:write (Socket Mode), or set SLACK_SIGNING_SECRET for HTTP mode');
    }
    const defaultChannel = ctx.env['SLACK_CHANNEL_ID'];
    if (!defaultChannel && Object.keys(ctx.config.routes).length === 0) {
      throw new Error('SLACK_CHANNEL_ID is missing — set it to the id of the channel to mirror conversations into (channel details → the id at the bottom), or route inboxes in settings.slack.routes');
    }

    // Loaded only when Slack is on: @slack/bolt costs ~0.3 s of start-up (npm run bench, start rows).
    // Shared with the community surface when it uses the same app (one Socket Mode connection).
    const { sharedBoltApp } = await import('./shared-bolt-app.ts');
    const bolt = sharedBoltApp(ctx, {
      botToken,
      ...(appToken ? { appToken } : {}),
      ...(signingSecret ? { signingSecret } : {}),
      settings: ctx.config,
    });
    const api = createSlackApi(bolt.app.client);
    const deps: SlackDeps = {
      ctx,
      api,
      settings: ctx.config,
      botToken,
      ...(defaultChannel ? { defaultChannel } : {}),
      folds: createFoldPlanner({ enabled: ctx.config.foldBursts, rateLimit: ctx.config.rateLimit, now: Date.now }),
      identity: onceUntilFailure(async () => {
        const auth = await api.authTest();
        return { userId: auth.user_id ?? '', ...(auth.bot_id ? { botId: auth.bot_id } : {}), ...(auth.response_metadata?.scopes ? { scopes: auth.response_metadata.scopes } : {}) };
      }),
    };

    registerExecutors(deps);
    const identity = createIdentity(deps);
    const permissions = createPermissions(deps, identity);
    const commands = registerCommands(deps, bolt.app, permissions);
    createMirror(ctx, createSlackSurface(deps, toChatwoot(deps, bolt.app, identity, commands.threadCommand)));
    bolt.app.error(async (error) => void ctx.log.error({ err: error.message }, 'slack: a Slack event handler failed'));

    ctx.onShutdown(() => bolt.stop().catch((error: unknown) => ctx.log.warn({ err: (error as Error).message }, 'slack: stop failed')));
    // In the background: a Slack outage must not stop Chatwoot mirroring from queueing. Socket Mode
    // connects only on the active instance; HTTP mode listens on every one (behind a load balancer,
    // a standby hands what it receives to the active instance).
    if (bolt.mode === 'http') void bolt.start();
    else ctx.onActive(() => void bolt.start());
  },
});
