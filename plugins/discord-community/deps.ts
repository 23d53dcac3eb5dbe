import type { Client } from 'discord.js';
import type { ChatwootRest, CustomerDirectory, PluginContext } from '../../src/index.ts';
import type { DiscordApi, Webhooks } from '../discord/kit.ts';
import type { CommunityEnv, CommunitySettings } from './settings.ts';

/** What the community plugin's parts share. */
export interface CommunityDeps {
  ctx: PluginContext<CommunitySettings>;
  env: CommunityEnv;
  /** The discord.js client, shared with the agents' Discord plugin when both use the same token. */
  client: Client;
  /** Discord REST calls (the Discord plugin's typed API, errors already in the outbox's terms). */
  api: DiscordApi;
  /** Chatwoot's account API with the bot's token: contacts, conversations, incoming messages. */
  rest: ChatwootRest;
  /** The support channel's webhook, for `postAs: 'webhook'`. */
  hooks: Webhooks;
  /** Members → contacts and threads → conversations, each made once. */
  directory: CustomerDirectory;
}
