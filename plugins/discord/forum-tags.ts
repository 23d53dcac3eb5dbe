import type { Logger } from '../../src/index.ts';
import type { DiscordApi, ForumTag } from './discord-api.ts';
import { discordCode } from './errors.ts';

/** The tags a forum post carries to show its conversation's status. */
export const STATUS_TAGS = ['open', 'pending', 'resolved', 'snoozed'] as const;
/** Discord allows 20 tags per forum. */
const MAX_TAGS = 20;
const NO_PERMISSION = new Set([50001, 50013]);

/**
 * The status tags a forum lacks, and how many of them fit under Discord's 20-tag cap.
 *
 * @example
 * missingStatusTags([{ id: '1', name: 'Open' }]); // { missing: ['pending', 'resolved', 'snoozed'], room: 19 }
 */
export function missingStatusTags(available: ReadonlyArray<{ name: string }>): { missing: string[]; room: number } {
  const have = new Set(available.map((tag) => tag.name.toLowerCase()));
  return { missing: STATUS_TAGS.filter((name) => !have.has(name)), room: Math.max(0, MAX_TAGS - available.length) };
}

const byName = (tags: ReadonlyArray<ForumTag>) => new Map(tags.map((tag) => [tag.name.toLowerCase(), tag.id]));

/**
 * Forum tag ids by lower-case name, after adding the missing status tags to the forum (one PATCH
 * of `available_tags` that keeps the existing ones). Without Manage Channels it logs how to fix
 * it and carries on with the tags there are; other failures throw, to be retried.
 *
 * @example
 * const tags = await ensureStatusTags(api, forumId, channel.available_tags ?? [], log);
 * tags.get('open'); // '1234…'
 */
export async function ensureStatusTags(api: Pick<DiscordApi, 'setForumTags'>, forumId: string, available: ReadonlyArray<ForumTag>, log: Logger): Promise<Map<string, string>> {
  const { missing, room } = missingStatusTags(available);
  if (missing.length === 0) return byName(available);
  const adding = missing.slice(0, room);
  if (adding.length < missing.length) log.warn({ forum: forumId, missing }, 'discord: the forum has 20 tags, no room for the status tags; posts show the ones that exist');
  if (adding.length === 0) return byName(available);
  try {
    const keep = available.map(({ id, name, moderated, emoji_id, emoji_name }) => ({ id, name, moderated: moderated ?? false, emoji_id: emoji_id ?? null, emoji_name: emoji_name ?? null }));
    const updated = await api.setForumTags(forumId, [...keep, ...adding.map((name) => ({ name }))]);
    log.info({ forum: forumId, added: adding }, 'discord: created the forum status tags');
    return byName(updated ?? available);
  } catch (error) {
    if (!NO_PERMISSION.has(discordCode(error) ?? 0)) throw error;
    log.warn({ forum: forumId, missing: adding }, `discord: cannot create the forum tags ${adding.join(', ')} — give the bot Manage Channels on the forum, or create them by hand`);
    return byName(available);
  }
}
