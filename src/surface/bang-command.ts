import type { CommandSpec } from '../index.ts';

/**
 * `!resolve`, `!assign me`…: the command a line typed in a mirrored thread stands for, when its
 * first word names a registered command (or alias); `undefined` otherwise — then it is an ordinary
 * message. Slack and Discord threads follow this one rule, so a command never reaches the customer.
 *
 * @example
 * bangCommand('!snooze 2h', ctx.commands.list()); // 'snooze 2h'
 * bangCommand('!!! urgent', ctx.commands.list()); // undefined
 */
export function bangCommand(text: string, commands: ReadonlyArray<{ spec: CommandSpec }>): string | undefined {
  const line = text.trimStart();
  if (!line.startsWith('!')) return undefined;
  const body = line.slice(1).trim();
  const word = body.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!word) return undefined;
  const known = commands.some(({ spec }) => spec.name === word || (spec.aliases ?? []).includes(word));
  return known ? body : undefined;
}
