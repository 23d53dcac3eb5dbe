import { Events, MessageFlags, type APIInteractionGuildMember, type ButtonInteraction, type ChatInputCommandInteraction, type GuildMember, type Message } from 'discord.js';
import type { CommandUser } from '../../src/index.ts';
import { bangCommand } from '../../src/surface/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { BUTTON_PREFIX } from './format-header.ts';
import type { NoticePayload } from './message-executors.ts';
import { commandText, slashCommand, SLASH_NAME } from './slash-command.ts';

const BUTTON_COMMANDS: Record<string, (id: number) => string> = {
  resolve: (id) => `resolve ${id}`,
  reopen: (id) => `reopen ${id}`,
  'assign-me': (id) => `assign me ${id}`,
};

/**
 * Who runs a command: write permission ('agent') comes from the configured role ids, or — with
 * none configured — from being in the user map.
 *
 * @example
 * commandUserOf(deps, interaction.user.id, 'Ann', ['555']); // { id, name, roles: ['555', 'agent'], chatwootAgentId: 3 }
 */
function commandUserOf(deps: DiscordDeps, userId: string, name: string, roleIds: string[]): CommandUser {
  const { commandRoles, userMap } = deps.ctx.config;
  const agentId = userMap[userId];
  const allowed = commandRoles.length > 0 ? roleIds.some((r) => commandRoles.includes(r)) : agentId !== undefined;
  return { id: userId, name, roles: allowed ? [...roleIds, 'agent'] : roleIds, ...(allowed && agentId !== undefined ? { chatwootAgentId: agentId } : {}) };
}

function rolesOf(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/** Runs one command as `user`; its answers come back as public and private lines. */
async function dispatch(deps: DiscordDeps, text: string, user: CommandUser, conversationId: number | undefined) {
  const publicLines: string[] = [];
  const privateLines: string[] = [];
  await deps.ctx.commands.dispatch({
    surface: SURFACE,
    text,
    user,
    ...(conversationId !== undefined ? { conversationId } : {}),
    reply: async (line) => void publicLines.push(line),
    replyPrivately: async (line) => void privateLines.push(line),
  });
  return { publicLines, privateLines };
}

/**
 * Slash commands and header buttons: registers `/chatwoot` for the guild when the client is ready,
 * defers every interaction at once (Discord allows 3 s), runs the command with the conversation
 * implied by the thread or channel, then answers: private lines in the deferred ephemeral reply,
 * public ones as a follow-up.
 *
 * @example
 * handleInteractions(deps);
 */
export function handleInteractions(deps: DiscordDeps): void {
  const { ctx, client } = deps;

  client.once(Events.ClientReady, (ready) => {
    const body = [slashCommand(ctx.commands.list())];
    deps.api
      .putGuildCommands(ready.application.id, deps.env.guildId, body)
      .then(() => ctx.log.info({ subcommands: body[0]!.options?.length ?? 0 }, 'discord: /chatwoot registered'))
      .catch((error: unknown) => ctx.log.error({ err: error }, 'discord: could not register /chatwoot (does the bot have the applications.commands scope?)'));
  });

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.guildId !== deps.env.guildId) return;
    if (interaction.isChatInputCommand() && interaction.commandName === SLASH_NAME) void run(interaction, () => slashText(interaction));
    else if (interaction.isButton() && interaction.customId.startsWith(`${BUTTON_PREFIX}:`)) void run(interaction, () => buttonText(interaction));
  });

  const slashText = (interaction: ChatInputCommandInteraction): string | undefined => {
    const name = interaction.options.getSubcommand(false);
    const spec = ctx.commands.list().find((c) => c.spec.name === name)?.spec;
    if (!spec) return undefined;
    const values = Object.fromEntries((interaction.options.data[0]?.options ?? []).map((o) => [o.name, o.value]));
    return commandText(spec, values);
  };

  const buttonText = (interaction: ButtonInteraction): string | undefined => {
    const [, action = '', id = ''] = interaction.customId.split(':');
    const conversationId = Number(id);
    return Number.isSafeInteger(conversationId) ? BUTTON_COMMANDS[action]?.(conversationId) : undefined;
  };

  async function run(interaction: ChatInputCommandInteraction | ButtonInteraction, textOf: () => string | undefined): Promise<void> {
    try {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const text = textOf();
      if (!text) {
        await interaction.editReply({ content: 'unknown command', allowedMentions: { parse: [] } });
        return;
      }
      const conversationId = await ctx.links.findConversation(SURFACE, interaction.channelId ?? '');
      const member = interaction.member;
      const name = (member && 'displayName' in member ? member.displayName : undefined) ?? interaction.user.globalName ?? interaction.user.username;
      const { publicLines, privateLines } = await dispatch(deps, text, commandUserOf(deps, interaction.user.id, name, rolesOf(member)), conversationId);
      const privateText = privateLines.join('\n') || (publicLines.length ? '✓ done' : '✓');
      await interaction.editReply({ content: privateText.slice(0, 2000), allowedMentions: { parse: [] } });
      if (publicLines.length) await interaction.followUp({ content: publicLines.join('\n').slice(0, 2000), allowedMentions: { parse: [] } });
    } catch (error) {
      ctx.log.error({ err: error }, 'discord: interaction failed');
    }
  }
}

/**
 * `!resolve`, `!snooze 2h`… typed in a mirrored thread or channel run as commands on its
 * conversation, exactly as in Slack threads: such a line never reaches the customer. Public answers
 * stay in the thread as a reply to the command; private ones are replies that go away after
 * `noticeTtlMs` (Discord has no ephemeral messages outside interactions).
 *
 * @example
 * const runBang = createThreadCommands(deps);
 * if (await runBang(message, conversationId)) return; // it was a command
 */
export function createThreadCommands(deps: DiscordDeps) {
  const { ctx } = deps;
  const notice = (message: Message, text: string, ttlMs: number) =>
    ctx.outbox.enqueue('notice', message.channelId, { channelId: message.channelId, messageId: message.id, text, ttlMs } satisfies NoticePayload);

  return async function runBang(message: Message, conversationId: number): Promise<boolean> {
    const text = bangCommand(message.content, ctx.commands.list());
    if (text === undefined) return false;
    const name = message.member?.displayName ?? message.author.globalName ?? message.author.username;
    const roles = message.member ? [...message.member.roles.cache.keys()] : [];
    const { publicLines, privateLines } = await dispatch(deps, text, commandUserOf(deps, message.author.id, name, roles), conversationId);
    const shown = (lines: string[]) => lines.filter((l) => l.trim()).join('\n');
    if (shown(publicLines)) await notice(message, shown(publicLines), 0);
    if (shown(privateLines)) await notice(message, shown(privateLines), ctx.config.noticeTtlMs);
    return true;
  };
}
