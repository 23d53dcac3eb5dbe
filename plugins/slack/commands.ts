import type { App } from '@slack/bolt';
import { enqueue, tell, type PostPayload } from './executors.ts';
import { ACTIONS } from './parent-message.ts';
import { bangCommand } from '../../src/surface/index.ts';
import { lookupFailedText, type Permissions } from './permissions.ts';
import { refOf, SURFACE, type SlackDeps } from './deps.ts';
import { escapeMrkdwn } from './to-mrkdwn.ts';

/** Message shortcuts declared in manifest.yml. */
export const SHORTCUTS = { resolve: 'chatwoot_resolve_shortcut', assignMe: 'chatwoot_assign_me_shortcut' } as const;

const BUTTON_COMMANDS: Record<string, string> = { [ACTIONS.resolve]: 'resolve', [ACTIONS.reopen]: 'reopen', [ACTIONS.assignMe]: 'assign me' };
const SHORTCUT_COMMANDS: Record<string, string> = { [SHORTCUTS.resolve]: 'resolve', [SHORTCUTS.assignMe]: 'assign me' };

/**
 * Commands from Slack: `/chatwoot …` (acked at once, answered through `response_url`), `!command`
 * lines in a mirrored thread, the parent's buttons and message shortcuts — all through the
 * runtime's unified command registry, acting on the thread's conversation where there is one.
 *
 * @example
 * const { threadCommand } = registerCommands(deps, app, permissions);
 * await threadCommand({ channel: 'C1', threadTs, user: 'U1', conversationId: 42, text: 'snooze 2h' }); // → true
 */
export function registerCommands(deps: SlackDeps, app: App, permissions: Permissions) {
  const { ctx } = deps;

  /** Runs a command in a thread: public answers as a thread reply, private ones as a thread-only ephemeral. */
  const runInThread = async (input: { channel: string; threadTs: string; user: string; conversationId: number; text: string }) => {
    const reply: PostPayload = { type: 'reply', conversationId: input.conversationId, channel: input.channel, rendered: { text: '' } };
    const privately = async (text: string) => void (await tell(deps, input.channel, input.user, input.threadTs, text));
    const user = await permissions.commandUser(input.user).catch(async (error: unknown) => {
      ctx.log.warn({ user: input.user, err: (error as Error).message }, 'slack: permission look-up failed; command not run');
      await privately(lookupFailedText(error));
      return undefined;
    });
    if (!user) return;
    await ctx.commands.dispatch({
      surface: SURFACE,
      text: input.text,
      user,
      conversationId: input.conversationId,
      reply: async (text) => {
        if (text.trim()) await enqueue(deps, 'post', input.channel, { ...reply, rendered: { text: escapeMrkdwn(text) } });
      },
      replyPrivately: async (text) => {
        if (text.trim()) await privately(escapeMrkdwn(text));
      },
    });
  };

  app.command(`/${deps.settings.commandName}`, async ({ command, ack, respond }) => {
    await ack(); // within Slack's 3 s; the answer follows through response_url
    const text = command.text.trim() || 'help';
    const user = await permissions.commandUser(command.user_id).catch(async (error: unknown) => {
      ctx.log.warn({ user: command.user_id, err: (error as Error).message }, 'slack: permission look-up failed; command not run');
      await respond({ response_type: 'ephemeral', text: lookupFailedText(error) });
      return undefined;
    });
    if (!user) return;
    await ctx.commands.dispatch({
      surface: SURFACE,
      text,
      user,
      reply: async (line) => void (line.trim() && (await respond({ response_type: 'in_channel', text: escapeMrkdwn(line) }))),
      replyPrivately: async (line) => void (line.trim() && (await respond({ response_type: 'ephemeral', text: escapeMrkdwn(line) }))),
    });
  });

  /** A button or shortcut on a message: acts on that message's thread, if it is a mirrored one. */
  const onThreadAction = async (body: unknown, text: string, respond: (text: string) => Promise<unknown>) => {
    const b = body as { channel?: { id: string }; message?: { ts: string; thread_ts?: string }; user: { id: string } };
    const channel = b.channel?.id;
    const threadTs = b.message?.thread_ts ?? b.message?.ts;
    const conversationId = channel && threadTs ? await ctx.links.findConversation(SURFACE, refOf(channel, threadTs)) : undefined;
    if (!channel || !threadTs || conversationId === undefined) {
      await respond('This message is not in a thread mirrored from Chatwoot.');
      return;
    }
    await runInThread({ channel, threadTs, user: b.user.id, conversationId, text });
  };

  for (const [actionId, commandText] of Object.entries(BUTTON_COMMANDS)) {
    app.action(actionId, async ({ ack, body, respond }) => {
      await ack();
      await onThreadAction(body, commandText, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    });
  }

  for (const [callbackId, commandText] of Object.entries(SHORTCUT_COMMANDS)) {
    app.shortcut(callbackId, async ({ ack, body, respond }) => {
      await ack();
      await onThreadAction(body, commandText, (text) => (respond ? respond({ response_type: 'ephemeral', text }) : Promise.resolve()));
    });
  }

  return {
    /** A line typed in a thread: `!resolve`, `!assign me`… run (true: it never reaches the customer); anything else is false. */
    async threadCommand(input: { channel: string; threadTs: string; user: string; conversationId: number; text: string }): Promise<boolean> {
      const command = bangCommand(input.text, ctx.commands.list());
      if (command === undefined) return false;
      await runInThread({ ...input, text: command });
      return true;
    },
  };
}
