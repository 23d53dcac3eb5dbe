/** The console's own commands: they exist on this surface only, so the registry does not know them. */
export const CONSOLE_COMMANDS = ['use', 'quit', 'help'] as const;

/** The part of `/help` about the console itself. */
export const CONSOLE_HELP = [
  'Console:',
  '  #<id> text           reply to the customer of conversation <id>',
  '  #<id> note: text     a private note (lower-case "note:" or "private:" at the very start)',
  '  #<id> /command       run a command on conversation <id> (never sent to the customer)',
  '  /use <id>            make <id> the current conversation: plain text replies to it and',
  '                       commands act on it (/use none to stop)',
  '  /quit                stop Switchboard (also Ctrl-D, or Ctrl-C on an empty line)',
  '  Tab completes commands and conversation numbers; ↑/↓ browse the history.',
  '  A line ending in \\ continues on the next one; a pasted text is sent as one message on Enter.',
].join('\n');

/** Help for a console command (`help use`), or undefined for a registry command. */
export function consoleCommandHelp(name: string): string | undefined {
  if (name === 'use') return '/use <id> — make <id> the current conversation (plain text replies to it, commands act on it); /use none clears it';
  if (name === 'quit' || name === 'exit') return '/quit — stop Switchboard (also Ctrl-D)';
  return undefined;
}
