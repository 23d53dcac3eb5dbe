import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandArg, CommandSpec } from '../../src/index.ts';

/** The one slash command; every Switchboard command is a subcommand of it. */
export const SLASH_NAME = 'chatwoot';
const MAX_SUBCOMMANDS = 25;
const NAME = /^[-_a-z0-9]{1,32}$/;
const OPTION = { subcommand: 1, string: 3, integer: 4, number: 10 } as const;

interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: Array<{ name: string; value: string }>;
}

/** A trailing `[conversation]` is accepted by commands that act on one but declare no such argument. */
function extraConversation(spec: CommandSpec): boolean {
  const args = spec.args ?? [];
  const mode = spec.conversation ?? (args.some((a) => a.type === 'conversation') ? 'optional' : 'none');
  return mode !== 'none' && !args.some((a) => a.type === 'conversation') && args.at(-1)?.type !== 'rest';
}

function optionOf(arg: CommandArg): OptionJson {
  const type = arg.type === 'conversation' ? OPTION.integer : arg.type === 'number' ? OPTION.number : OPTION.string;
  const hint = arg.type === 'duration' ? ' (e.g. 2h, 1d, tomorrow)' : '';
  return {
    type,
    name: arg.name.toLowerCase(),
    description: `${arg.description ?? arg.name}${hint}`.slice(0, 100),
    // A conversation is implied inside a mirrored thread, so it is never required here.
    ...(arg.required && arg.type !== 'conversation' ? { required: true } : {}),
    ...(arg.choices?.length && type === OPTION.string ? { choices: arg.choices.slice(0, 25).map((c) => ({ name: c, value: c })) } : {}),
  };
}

/**
 * `/chatwoot` with one subcommand per registered command (Discord allows 25), for a bulk
 * overwrite of the guild's commands: idempotent, so it runs on every boot.
 *
 * @example
 * await api.putGuildCommands(appId, guildId, [slashCommand(ctx.commands.list())]);
 */
export function slashCommand(list: ReadonlyArray<{ spec: CommandSpec }>): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const subcommands = list
    .map(({ spec }) => spec)
    .filter((spec) => NAME.test(spec.name) && (spec.args ?? []).every((a) => NAME.test(a.name.toLowerCase())))
    .slice(0, MAX_SUBCOMMANDS)
    .map((spec) => {
      const options = (spec.args ?? []).map(optionOf);
      if (extraConversation(spec)) options.push({ type: OPTION.integer, name: 'conversation', description: 'conversation number (implied in a mirrored thread)' });
      // Discord wants required options first.
      options.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
      return { type: OPTION.subcommand, name: spec.name, description: (spec.description || spec.name).slice(0, 100), options };
    });
  return { name: SLASH_NAME, description: 'Chatwoot: reply, resolve, assign… (the conversation is implied in its thread)', type: 1, options: subcommands, contexts: [0] };
}

/**
 * The command text a subcommand's options stand for, in the spec's argument order, ready for
 * `ctx.commands.dispatch`.
 *
 * @example
 * commandText(spec, { duration: '2h', conversation: 42 }); // 'snooze 2h 42'
 */
export function commandText(spec: CommandSpec, values: Record<string, string | number | boolean | undefined>): string {
  const words = [spec.name];
  for (const arg of spec.args ?? []) {
    const value = values[arg.name.toLowerCase()];
    if (value === undefined || value === '') continue;
    const text = String(value);
    if (arg.type === 'rest' || arg.type === 'number' || arg.type === 'conversation') words.push(text);
    else words.push(/[\s"']/.test(text) ? `"${text.replace(/"/g, "'")}"` : text);
  }
  if (extraConversation(spec) && values['conversation'] !== undefined) words.push(String(values['conversation']));
  return words.join(' ');
}
