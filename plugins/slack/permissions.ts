import type { CommandUser } from '../../src/index.ts';
import type { Identity } from './identity.ts';
import { mirrorChannels, type SlackDeps } from './slack-deps.ts';

const TTL_MS = 5 * 60_000;

/**
 * Who may run agent commands from Slack: the configured user and user-group ids, or — when none
 * are configured — members of the mirror channels. Memberships are cached for five minutes.
 *
 * @example
 * const user = await createPermissions(deps, identity).commandUser('U123');
 * await ctx.commands.dispatch({ surface: 'slack', text: 'resolve 42', user, reply, replyPrivately });
 */
export function createPermissions(deps: Pick<SlackDeps, 'client' | 'settings' | 'defaultChannel' | 'ctx'>, identity: Identity) {
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();
  const cached = (key: string, load: () => Promise<string[]>) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.members;
    const members = load().then(
      (list) => new Set(list),
      (error: unknown) => {
        deps.ctx.log.warn({ key, err: (error as Error).message }, 'slack: could not read members for permissions');
        cache.delete(key);
        return new Set<string>();
      },
    );
    cache.set(key, { at: Date.now(), members });
    return members;
  };
  const channelMembers = (channel: string) =>
    cached(`channel:${channel}`, async () => {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        all.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return all;
    });
  const groupMembers = (group: string) => cached(`group:${group}`, async () => (await deps.client.usergroups.users.list({ usergroup: group })).users ?? []);

  const allowed = async (userId: string): Promise<boolean> => {
    const { users, userGroups } = deps.settings.permissions;
    if (users.length > 0 || userGroups.length > 0) {
      if (users.includes(userId)) return true;
      for (const group of userGroups) if ((await groupMembers(group)).has(userId)) return true;
      return false;
    }
    for (const channel of mirrorChannels(deps)) if ((await channelMembers(channel)).has(userId)) return true;
    return false;
  };

  return {
    allowed,
    /** The command user: role `agent` (and the mapped Chatwoot agent) only when permitted. */
    async commandUser(userId: string): Promise<CommandUser> {
      const [person, ok] = await Promise.all([identity.lookup(userId), allowed(userId)]);
      return ok
        ? { id: userId, name: person.name, roles: ['agent'], ...(person.chatwootAgentId !== undefined ? { chatwootAgentId: person.chatwootAgentId } : {}) }
        : { id: userId, name: person.name, roles: [] };
    },
  };
}

export type Permissions = ReturnType<typeof createPermissions>;
