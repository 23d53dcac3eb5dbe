import type { Client } from 'discord.js';
import type { PluginContext } from '../../src/index.ts';
import type { DiscordApi, WebhookRef } from './discord-api.ts';

/** What the webhooks need: the plugin's store (where each channel's webhook is kept), the client and the REST calls. */
export interface WebhookDeps {
  ctx: Pick<PluginContext, 'store'>;
  client: Client;
  api: Pick<DiscordApi, 'getCurrentUser' | 'listChannelWebhooks' | 'createWebhook'>;
}

/** Our webhook's name ("discord" and "clyde" are refused by Discord). */
export const WEBHOOK_NAME = 'Switchboard';

/**
 * The channel webhook messages are posted through (one per forum / text channel, found or
 * created once and kept in the plugin's store).
 *
 * @example
 * const hooks = createWebhooks(deps);
 * const { id, token } = await hooks.get(channelId);
 */
export function createWebhooks(deps: WebhookDeps) {
  const cache = new Map<string, Promise<WebhookRef>>();
  const key = (channelId: string) => `webhook:${channelId}`;

  const findOrCreate = async (channelId: string): Promise<WebhookRef> => {
    const stored = await deps.ctx.store.get<WebhookRef>(key(channelId));
    if (stored?.id && stored.token) return stored;
    const me = deps.client.user?.id ?? (await deps.api.getCurrentUser()).id;
    const existing = await deps.api.listChannelWebhooks(channelId);
    const ours = existing.find((w) => w.token && w.name === WEBHOOK_NAME && w.user?.id === me);
    const hook = ours ?? (await deps.api.createWebhook(channelId, WEBHOOK_NAME));
    const ref = { id: hook.id, token: hook.token as string };
    await deps.ctx.store.set(key(channelId), ref);
    return ref;
  };

  return {
    get(channelId: string): Promise<WebhookRef> {
      let hook = cache.get(channelId);
      if (!hook) {
        hook = findOrCreate(channelId);
        cache.set(channelId, hook);
        hook.catch(() => cache.delete(channelId));
      }
      return hook;
    },
    /** After "Unknown Webhook": someone deleted it; the next `get` makes a new one. */
    async forget(channelId: string): Promise<void> {
      cache.delete(channelId);
      await deps.ctx.store.delete(key(channelId));
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
