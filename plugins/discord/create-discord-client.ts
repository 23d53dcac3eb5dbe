import { Client, GatewayIntentBits, Partials } from 'discord.js';

/**
 * A discord.js Client with the intents every Discord plugin needs — Guilds, GuildMessages, the
 * privileged MessageContent, and DirectMessages (the community surface's DMs; one client serves
 * both plugins, see shared-discord-client.ts) — with the Message partial so edits and deletes of
 * uncached messages arrive, and the Channel partial so DMs arrive at all (DM channels are never
 * cached up front).
 * A 429 is handed to the outbox (which retries after `retry_after`) instead of being waited out
 * inside discord.js.
 *
 * @example
 * const client = createDiscordClient({ token, restApi: 'http://127.0.0.1:4000/api' });
 * await client.login(token);
 */
export function createDiscordClient(options: { token: string; restApi?: string; requestsPerSecond?: number }): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Channel],
    rest: {
      ...(options.restApi ? { api: options.restApi } : {}),
      ...(options.requestsPerSecond ? { globalRequestsPerSecond: options.requestsPerSecond } : {}),
      // Interaction answers must not wait in the outbox; everything else is retried by it.
      rejectOnRateLimit: (data) => !data.route.startsWith('/interactions') && !data.route.startsWith('/webhooks/:id/:token/messages/@original'),
      retries: 1,
    },
  });
  client.rest.setToken(options.token);
  return client;
}
