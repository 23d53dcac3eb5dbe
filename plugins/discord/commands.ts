import { Events, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type GuildMember, type APIInteractionGuildMember } from 'discord.js';
import type { CommandUser } from '../../src/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { BUTTON_PREFIX } from './format-header.ts';
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
export function commandUserOf(deps: DiscordDeps, userId: string, name: string, roleIds: string[]): CommandUser {
  const { commandRoles, userMap } = deps.ctx.config;
  const agentId = userMap[userId];
  const allowed = commandRoles.length > 0 ? roleIds.some((r) => commandRoles.includes(r)) : agentId !== undefined;
  return { id: userId, name, roles: allowed ? [...roleIds, 'agent'] : roleIds, ...(allowed && agentId !== undefined ? { chatwootAgentId: agentId } : {}) };
}

function rolesOf(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
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
      const publicLines: string[] = [];
      const privateLines: string[] = [];
      await ctx.commands.dispatch({
        surface: SURFACE,
        text,
        user: commandUserOf(deps, interaction.user.id, name, rolesOf(member)),
        ...(conversationId !== undefined ? { conversationId } : {}),
        reply: async (line) => void publicLines.push(line),
        replyPrivately: async (line) => void privateLines.push(line),
      });
      const privateText = privateLines.join('\n') || (publicLines.length ? '✓ done' : '✓');
      await interaction.editReply({ content: privateText.slice(0, 2000), allowedMentions: { parse: [] } });
      if (publicLines.length) await interaction.followUp({ content: publicLines.join('\n').slice(0, 2000), allowedMentions: { parse: [] } });
    } catch (error) {
      ctx.log.error({ err: error }, 'discord: interaction failed');
    }
  }
}
