import { createChatwootRest, type SandboxScene } from '../../../src/index.ts';

/**
 * `npm start -- --scene community`: a simulated Discord community for the sandbox. Creates the
 * community's API inbox in the embedded Chatwoot, starts a local fake Discord (its support channel
 * a forum) in-process, and switches the real discord-community plugin on against both; the console
 * gets `/community <Name>: <text>` to post as a member and prints what members see.
 *
 * @example
 * defineConfig({ sandbox: { plugins: [consoleSurface], scenes: [communityScene] } });
 */
export const communityScene: SandboxScene = {
  name: 'community',
  description: 'a simulated Discord community: "/community Ada: My order is late" posts as a member in its support forum',
  async start({ chatwoot, log }) {
    // Loaded only when the scene runs: discord.js and the fakes stay out of a plain `npm start`.
    const [{ startFakeDiscord }, { default: community }, { communityMembers }] = await Promise.all([
      import('../../discord/testing/fake-discord.ts'),
      import('../../discord-community/index.ts'),
      import('./community-members.ts'),
    ]);
    const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, log });
    const inbox = await rest.createApiInbox({ name: 'Discord community' });
    const fake = await startFakeDiscord({ forum: true });
    return {
      env: {
        DISCORD_BOT_TOKEN: fake.token,
        DISCORD_GUILD_ID: fake.guildId,
        COMMUNITY_INBOX_ID: String(inbox.id),
        CHATWOOT_URL: chatwoot.url,
        CHATWOOT_API_TOKEN: chatwoot.apiToken,
        CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
      },
      settings: { 'discord-community': { restApi: fake.restApi, supportChannelId: fake.channelId } },
      plugins: [community, communityMembers(fake)],
      // The agents' Discord mirror would take the fake's token for its own (and want a channel): the
      // scene plays the community, agents work in the console.
      leaveOut: ['discord'],
      stop: () => fake.close(),
    };
  },
};
