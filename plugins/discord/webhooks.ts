import { Routes } from 'discord.js';
import type { Bridge } from './bridge.ts';

export interface WebhookRef {
  id: string;
  token: string;
}

/** Our webhook's name ("discord" and "clyde" are refused by Discord). */
export const WEBHOOK_NAME = 'Switchboard';

/**
 * The channel webhook messages are posted through (one per forum / text channel, found or
 * created once and kept in the plugin's store).
 *
 * @example
 * const hooks = createWebhooks(bridge);
 * const { id, token } = await hooks.get(channelId);
 */
export function createWebhooks(bridge: Bridge) {
  const cache = new Map<string, Promise<WebhookRef>>();
  const key = (channelId: string) => `webhook:${channelId}`;

  const findOrCreate = async (channelId: string): Promise<WebhookRef> => {
    const stored = await bridge.ctx.store.get<WebhookRef>(key(channelId));
    if (stored?.id && stored.token) return stored;
    const me = bridge.client.user?.id ?? ((await bridge.rest.get(Routes.user('@me'))) as { id: string }).id;
    const existing = (await bridge.rest.get(Routes.channelWebhooks(channelId))) as Array<{ id: string; token?: string; name?: string; user?: { id: string } }>;
    const ours = existing.find((w) => w.token && w.name === WEBHOOK_NAME && w.user?.id === me);
    const hook = ours ?? ((await bridge.rest.post(Routes.channelWebhooks(channelId), { body: { name: WEBHOOK_NAME } })) as { id: string; token: string });
    const ref = { id: hook.id, token: hook.token as string };
    await bridge.ctx.store.set(key(channelId), ref);
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
      await bridge.ctx.store.delete(key(channelId));
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
