import type { SlackDeps } from './slack-deps.ts';

export interface SlackPerson {
  id: string;
  name: string;
  email?: string;
  isBot: boolean;
  /** Mapped by `userMap`, else by email against Chatwoot's agents. */
  chatwootAgentId?: number;
}

const TTL_MS = 10 * 60_000;

/**
 * Slack user → Chatwoot agent: `userMap` first, else the agent with the same email
 * (`users.info` needs `users:read.email`). Users and the agents list are cached for ten minutes.
 *
 * @example
 * const people = createIdentity(deps);
 * const ann = await people.lookup('U123'); // → { id: 'U123', name: 'Ann', chatwootAgentId: 3, … }
 */
export function createIdentity(deps: Pick<SlackDeps, 'client' | 'settings' | 'ctx'>) {
  const users = new Map<string, { at: number; person: Promise<SlackPerson> }>();
  const names = new Map<string, string>();
  let agents: { at: number; list: Promise<Array<{ id: number; email?: string }>> } | undefined;

  const agentList = () => {
    if (!agents || Date.now() - agents.at > TTL_MS) {
      const list = deps.ctx.chatwoot.listAgents().catch((error: unknown) => {
        deps.ctx.log.warn({ err: (error as Error).message }, 'slack: could not list Chatwoot agents; replies are attributed by name only');
        agents = undefined;
        return [];
      });
      agents = { at: Date.now(), list };
    }
    return agents.list;
  };

  const load = async (id: string): Promise<SlackPerson> => {
    let name = id;
    let email: string | undefined;
    let isBot = false;
    try {
      const result = await deps.client.users.info({ user: id });
      const user = result.user as { name?: string; real_name?: string; is_bot?: boolean; profile?: { email?: string; display_name?: string; real_name?: string } } | undefined;
      name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || id;
      email = user?.profile?.email;
      isBot = user?.is_bot ?? false;
    } catch (error) {
      deps.ctx.log.warn({ user: id, err: (error as Error).message }, 'slack: users.info failed');
      users.delete(id); // not cached: try again next time
    }
    names.set(id, name);
    const mapped = deps.settings.userMap[id];
    const byEmail = mapped === undefined && email ? (await agentList()).find((a) => a.email?.toLowerCase() === email.toLowerCase())?.id : undefined;
    const chatwootAgentId = mapped ?? byEmail;
    return { id, name, isBot, ...(email ? { email } : {}), ...(chatwootAgentId !== undefined ? { chatwootAgentId } : {}) };
  };

  return {
    lookup(id: string): Promise<SlackPerson> {
      const cached = users.get(id);
      if (cached && Date.now() - cached.at < TTL_MS) return cached.person;
      const person = load(id);
      users.set(id, { at: Date.now(), person });
      return person;
    },
    /** A cached display name, for rendering `<@U…>` references without a call. */
    cachedName(id: string): string | undefined {
      return names.get(id);
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
