import type { ChatwootRest, CustomerDirectory, PluginContext } from '../../src/index.ts';
import type { createIdentity, SlackApi } from '../slack/kit.ts';
import type { CommunityEnv, CommunitySettings } from './settings.ts';

/** What the community plugin's parts share. */
export interface CommunityDeps {
  ctx: PluginContext<CommunitySettings>;
  env: CommunityEnv;
  /** Slack Web API calls (the Slack plugin's typed API); errors translated with the kit's `toOutboxError`. */
  api: SlackApi;
  /** users.info profiles (name, avatar, team), cached. */
  people: Pick<ReturnType<typeof createIdentity>, 'profile'>;
  /** auth.test, once: the bot's user id and its workspace (team). */
  self(): Promise<{ userId: string; teamId: string }>;
  /** Chatwoot's account API with the bot's token: contacts, conversations, incoming messages. */
  rest: ChatwootRest;
  /** Members → contacts and threads → conversations, each made once. */
  directory: CustomerDirectory;
}
