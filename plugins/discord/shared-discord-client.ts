import { createHash } from 'node:crypto';
import type { Client } from 'discord.js';
import type { PluginContext } from '../../src/index.ts';
import { createDiscordClient } from './create-discord-client.ts';

/** One discord.js client shared by every plugin of a runtime that uses the same bot token. */
export interface SharedDiscordClient {
  client: Client;
  /** Logs in once for all users (the first call); later calls get the same attempt. A failed attempt is forgotten, so a later `onActive` (failover) tries again. */
  login(): Promise<void>;
}

interface Holder extends SharedDiscordClient {
  users: number;
  release(): Promise<void>;
}

/**
 * The runtime's discord.js client for `options.token`, made by the first plugin that asks (through
 * `ctx.shared`, keyed by a hash of the token — never the token) so the agents' Discord mirror and
 * the community surface hold ONE gateway session. Each caller is counted; the client is destroyed
 * at shutdown when the last of them stops. The options of the first caller make the client (its
 * intents cover every plugin: guild messages, Message Content and DMs).
 *
 * @example
 * const discord = sharedDiscordClient(ctx, { token, restApi });
 * discord.client.on(Events.MessageCreate, onMessage);
 * ctx.onActive(() => discord.login().catch((error) => ctx.log.error({ err: error }, 'login failed')));
 */
export function sharedDiscordClient(ctx: Pick<PluginContext, 'shared' | 'onShutdown'>, options: Parameters<typeof createDiscordClient>[0]): SharedDiscordClient {
  const key = `discord-client:${createHash('sha256').update(options.token).digest('hex').slice(0, 16)}`;
  const holder = ctx.shared<Holder>(key, () => makeHolder(options));
  holder.users += 1;
  ctx.onShutdown(() => holder.release());
  return holder;
}

function makeHolder(options: Parameters<typeof createDiscordClient>[0]): Holder {
  const client = createDiscordClient(options);
  let attempt: Promise<void> | undefined;
  const holder: Holder = {
    client,
    users: 0,
    login() {
      attempt ??= client.login(options.token).then(
        () => undefined,
        (error: unknown) => {
          attempt = undefined;
          throw error;
        },
      );
      return attempt;
    },
    async release() {
      holder.users -= 1;
      if (holder.users === 0) await client.destroy();
    },
  };
  return holder;
}
