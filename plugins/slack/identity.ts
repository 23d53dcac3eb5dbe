import type { PluginContext } from '../../src/index.ts';
import type { SlackSettings } from './settings.ts';
import type { SlackApi } from './slack-api.ts';

export interface SlackPerson {
  id: string;
  name: string;
  email?: string;
  isBot: boolean;
  /** Mapped by `userMap`, else by email against Chatwoot's agents. */
  chatwootAgentId?: number;
}

/** What `users.info` told about a user, cached in the plugin's store. */
export interface SlackProfile {
  name: string;
  email?: string;
  isBot: boolean;
  /** The user's own workspace. */
  teamId?: string;
  /** Their profile picture (192 px, else 72 px). */
  avatarUrl?: string;
}
type Profile = SlackProfile;

const TTL_MS = 10 * 60_000;

/**
 * Slack user → Chatwoot agent: `userMap` first, else the agent with the same email
 * (`users.info` needs `users:read.email`). Profiles are cached in `ctx.store` and the agents list
 * in memory, for ten minutes; a failed `users.info` is not cached.
 *
 * @example
 * const people = createIdentity(deps);
 * const ann = await people.lookup('U123'); // → { id: 'U123', name: 'Ann', chatwootAgentId: 3, … }
 * const names = await people.names(['U123', 'UGONE']); // → Map { 'U123' => 'Ann' }
 */
export function createIdentity(deps: { api: SlackApi; settings: Pick<SlackSettings, 'userMap'>; ctx: Pick<PluginContext, 'store' | 'log' | 'chatwoot'> }) {
  const { ctx } = deps;
  const loading = new Map<string, Promise<Profile | undefined>>();
  let agents: { at: number; list: Promise<Array<{ id: number; email?: string }>> } | undefined;

  const agentList = () => {
    if (!agents || Date.now() - agents.at > TTL_MS) {
      const list = ctx.chatwoot.listAgents().catch((error: unknown) => {
        ctx.log.warn({ err: (error as Error).message }, 'slack: could not list Chatwoot agents; replies are attributed by name only');
        agents = undefined;
        return [];
      });
      agents = { at: Date.now(), list };
    }
    return agents.list;
  };

  const fetchProfile = async (id: string): Promise<Profile | undefined> => {
    try {
      const user = await deps.api.userInfo(id);
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || id;
      const avatarUrl = user?.profile?.image_192 || user?.profile?.image_72 || undefined;
      const profile: Profile = {
        name,
        isBot: user?.is_bot ?? false,
        ...(user?.profile?.email ? { email: user.profile.email } : {}),
        ...(user?.team_id ? { teamId: user.team_id } : {}),
        ...(avatarUrl ? { avatarUrl } : {}),
      };
      await ctx.store.set(`user:${id}`, profile, TTL_MS);
      return profile;
    } catch (error) {
      ctx.log.warn({ user: id, err: (error as Error).message }, 'slack: users.info failed');
      return undefined;
    }
  };

  /** The cached profile, else one `users.info` (concurrent asks share it). */
  const profile = async (id: string): Promise<Profile | undefined> => {
    const cached = await ctx.store.get<Profile>(`user:${id}`);
    if (cached) return cached;
    let pending = loading.get(id);
    if (!pending) {
      pending = fetchProfile(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  };

  return {
    /** What users.info says about `id` (cached; concurrent asks share one call); undefined when it failed. */
    profile,
    async lookup(id: string): Promise<SlackPerson> {
      const found = await profile(id);
      const email = found?.email;
      const mapped = deps.settings.userMap[id];
      const byEmail = mapped === undefined && email ? (await agentList()).find((a) => a.email?.toLowerCase() === email.toLowerCase())?.id : undefined;
      const chatwootAgentId = mapped ?? byEmail;
      return { id, name: found?.name ?? id, isBot: found?.isBot ?? false, ...(email ? { email } : {}), ...(chatwootAgentId !== undefined ? { chatwootAgentId } : {}) };
    },
    /** Display names of users referenced as `<@U…>`; unknown users are left out (shown as `@U…`). */
    async names(ids: Iterable<string>): Promise<Map<string, string>> {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map(async (id) => [id, (await profile(id))?.name] as const));
      return new Map(found.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
