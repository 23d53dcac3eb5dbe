import type { App } from '@slack/bolt';
import { refOf, type SlackMessageEvent } from '../slack/kit.ts';
import type { CommunityDeps } from './deps.ts';
import type { EditPayload, IncomingPayload, RemovePayload } from './executors.ts';
import type { MemberFile } from './member-files.ts';
import { SURFACE } from './thread-map.ts';

/** Subtypes that are a person's message (everything else — joins, bots, topic changes — is not). */
const MESSAGE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Slack → Chatwoot: in the community channels, each top-level message by a customer starts a
 * conversation (thread key `<channel>:<ts>`) and each reply in its thread joins it — queued as
 * incoming messages, once per Slack message (the outbox id). An edit becomes a new incoming
 * message replying to the original, a delete deletes the Chatwoot message. Customers are people
 * who are not bots or apps, not the bot, not in `userMap`, and — with `slackConnectOnly` — not of
 * the app's own workspace. Subscribes to the (possibly shared) Bolt app's `message` events.
 *
 * @example
 * listenToMembers(deps, bolt.app);
 */
export function listenToMembers(deps: CommunityDeps, app: App): void {
  const { ctx, env } = deps;
  const channels = new Set(env.channelIds);
  const queue = <P>(kind: string, lane: string, payload: P, id: string) =>
    ctx.outbox.enqueue(kind, lane, payload, { id }).then(() => undefined);

  /** Whether `user` (of workspace `team`, when known) is a customer. */
  const isCustomer = async (event: Pick<SlackMessageEvent, 'user' | 'bot_id' | 'user_team' | 'team'>): Promise<boolean> => {
    if (!event.user || event.bot_id || ctx.config.userMap[event.user] !== undefined) return false;
    const self = await deps.self();
    if (event.user === self.userId) return false;
    if (!ctx.config.slackConnectOnly) return true;
    const team = event.user_team ?? event.team ?? (await deps.people.profile(event.user))?.teamId;
    return team !== undefined && team !== self.teamId;
  };

  const onMessage = async (event: SlackMessageEvent) => {
    if (!(await isCustomer(event))) return;
    const files: MemberFile[] = (event.files ?? []).map((f) => {
      const url = f.url_private_download ?? f.url_private;
      return { id: f.id, name: f.name ?? f.id, ...(f.size !== undefined ? { size: f.size } : {}), ...(f.mimetype ? { mimetype: f.mimetype } : {}), ...(url ? { url } : {}) };
    });
    if (!event.text && files.length === 0) return;
    const ref = refOf(event.channel, event.ts);
    const threadKey = refOf(event.channel, event.thread_ts ?? event.ts);
    const team = event.user_team ?? event.team;
    const payload: IncomingPayload = { threadKey, ref, user: event.user!, ...(team ? { team } : {}), text: event.text ?? '', files };
    await queue('incoming', threadKey, payload, `${SURFACE}:in:${ref}`);
  };

  const onEdit = async (event: SlackMessageEvent) => {
    const edited = event.message;
    if (!edited?.edited || !(await isCustomer(edited))) return;
    if (event.previous_message && event.previous_message.text === edited.text) return; // an unfurl, not an edit
    const ref = refOf(event.channel, edited.ts);
    const editTs = event.ts;
    const payload: EditPayload = { ref, editTs, text: edited.text ?? '' };
    await queue('edit', refOf(event.channel, edited.thread_ts ?? edited.ts), payload, `${SURFACE}:edit:${ref}:${editTs}`);
  };

  const onDelete = async (event: SlackMessageEvent) => {
    const previous = event.previous_message;
    if (!event.deleted_ts || !previous || previous.bot_id) return;
    const ref = refOf(event.channel, event.deleted_ts);
    const payload: RemovePayload = { ref };
    await queue('remove', refOf(event.channel, previous.thread_ts ?? event.deleted_ts), payload, `${SURFACE}:remove:${ref}`);
  };

  // Bolt's event union does not narrow `message` to the fields read here.
  app.event('message', async ({ event }) => {
    const message = event as unknown as SlackMessageEvent;
    if (!channels.has(message.channel)) return;
    try {
      if (message.subtype === 'message_changed') await onEdit(message);
      else if (message.subtype === 'message_deleted') await onDelete(message);
      else if (MESSAGE_SUBTYPES.has(message.subtype)) await onMessage(message);
    } catch (error) {
      ctx.log.error({ err: (error as Error).message, channel: message.channel }, 'slack-community: could not queue a member message');
    }
  });
}
