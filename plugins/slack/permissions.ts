import type { CommandUser } from '../../src/index.ts';
import type { Identity } from './identity.ts';
import { mirrorChannels, type SlackDeps } from './deps.ts';

const TTL_MS = 5 * 60_000;
/** conversations.members pages read at most per channel (1 000 members each). */
export const MAX_MEMBER_PAGES = 50;

/** The permission look-up did not finish in time (or failed): the command is not run. */
export class PermissionLookupError extends Error {
  override readonly name = 'PermissionLookupError';
}

/**
 * Who may run agent commands from Slack: the configured user and user-group ids, or — when none
 * are configured — members of the mirror channels. Memberships are cached for five minutes. The
 * member list is paged with a cap and stops (with a warning) when Slack repeats a cursor; the
 * whole look-up is time-boxed (`permissions.lookupTimeoutMs`) and fails closed: a command is not
 * run when Switchboard could not tell whether its user may.
 *
 * @example
 * const user = await createPermissions(deps, identity).commandUser('U123');
 * await ctx.commands.dispatch({ surface: 'slack', text: 'resolve 42', user, reply, replyPrivately });
 */
export function createPermissions(deps: Pick<SlackDeps, 'api' | 'settings' | 'defaultChannel' | 'ctx'>, identity: Identity) {
  const { ctx } = deps;
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();
  const cached = (key: string, load: () => Promise<string[]>) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.members;
    const members = load().then(
      (list) => new Set(list),
      (error: unknown) => {
        cache.delete(key);
        throw new PermissionLookupError(`Slack did not list the members of ${key.replace(':', ' ')} (${(error as Error).message})`);
      },
    );
    // A failure is reported through the look-up that is waiting for it, never as unhandled.
    members.catch(() => undefined);
    cache.set(key, { at: Date.now(), members });
    return members;
  };

  const channelMembers = (channel: string) =>
    cached(`channel:${channel}`, async () => {
      const all: string[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 0; ; page += 1) {
        if (page >= MAX_MEMBER_PAGES) {
          ctx.log.warn({ channel, pages: page, members: all.length }, `slack: stopped reading the members of ${channel} after ${page} pages; permissions use the ${all.length} read so far`);
          break;
        }
        const result = await deps.api.channelMembers(channel, cursor);
        all.push(...result.members);
        const next = result.nextCursor;
        if (next !== undefined && seen.has(next)) {
          ctx.log.warn({ channel, pages: page + 1 }, `slack: conversations.members repeated a cursor for ${channel}; stopped paging`);
          break;
        }
        if (next === undefined) break;
        seen.add(next);
        cursor = next;
      }
      return all;
    });
  const groupMembers = (group: string) => cached(`group:${group}`, async () => deps.api.userGroupMembers(group));

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

  /** `run`, or a {@link PermissionLookupError} once `ms` have passed. */
  const timeBoxed = async <T>(run: Promise<T>, ms: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PermissionLookupError(`Slack did not answer within ${Math.round(ms / 100) / 10} s`)), ms);
      timer.unref();
    });
    try {
      return await Promise.race([run, late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    allowed,
    /**
     * The command user: role `agent` (and the mapped Chatwoot agent) only when permitted. Throws
     * {@link PermissionLookupError} when that could not be told in time.
     */
    async commandUser(userId: string): Promise<CommandUser> {
      const lookup = Promise.all([identity.lookup(userId), allowed(userId)]);
      lookup.catch(() => undefined);
      const [person, ok] = await timeBoxed(lookup, deps.settings.permissions.lookupTimeoutMs);
      return ok
        ? { id: userId, name: person.name, roles: ['agent'], ...(person.chatwootAgentId !== undefined ? { chatwootAgentId: person.chatwootAgentId } : {}) }
        : { id: userId, name: person.name, roles: [] };
    },
  };
}

export type Permissions = ReturnType<typeof createPermissions>;

/** What the user is told when the look-up failed: nothing was done, and why. */
export function lookupFailedText(error: unknown): string {
  const why = error instanceof PermissionLookupError ? error.message : 'the look-up failed';
  return `:warning: Switchboard could not check whether you may run commands (${why}), so nothing was done. Try again in a moment.`;
}
