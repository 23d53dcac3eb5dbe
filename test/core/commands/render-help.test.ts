import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../../src/core/commands/create-command-registry.ts';
import { suggestCommands } from '../../../src/core/commands/suggest-command.ts';
import { createLogger } from '../../../src/observability/create-logger.ts';

function registry() {
  const commands = createCommandRegistry({ log: createLogger({ level: 'silent' }) });
  commands.register(
    'core',
    {
      name: 'snooze',
      description: 'Snooze a conversation',
      args: [{ name: 'duration', type: 'duration', required: true }],
      conversation: 'required',
      permission: 'agent',
      aliases: ['zz'],
    },
    () => undefined,
  );
  commands.register('core', { name: 'list', description: 'List conversations', args: [{ name: 'which', choices: ['open', 'mine'], description: 'which ones' }] }, () => undefined);
  commands.register('crm', { name: 'note', description: 'Add a note', args: [{ name: 'conversation', type: 'conversation' }, { name: 'text', type: 'rest', required: true }] }, () => undefined);
  commands.register('crm', { name: 'count', description: 'Count', args: [{ name: 'n', type: 'number', required: true }, { name: 'label', description: 'a label' }] }, () => undefined);
  return commands;
}

describe('help', () => {
  it('lists every command with its synopsis and description, sorted by name', () => {
    expect(registry().help()).toBe(
      [
        'Commands:',
        '  count <n> [label] — Count',
        '  list [open|mine] — List conversations',
        '  note [conversation] <text...> — Add a note',
        '  snooze <duration> [conversation] — Snooze a conversation',
        'Type "help <command>" for details.',
      ].join('\n'),
    );
    expect(createCommandRegistry({ log: createLogger({ level: 'silent' }) }).help()).toBe('No commands are registered.');
  });

  it('explains one command: arguments, aliases, an example, the role it needs and its plugin', () => {
    expect(registry().help('snooze')).toBe(
      [
        'snooze <duration> [conversation]',
        'Snooze a conversation',
        'Aliases: zz',
        'Arguments:',
        '  <duration> — how long: try 90s, 30m, 2h, 1d, 1w, 1h30m or tomorrow',
        '  [conversation] — conversation number (42 or #42); by default the conversation you type this in',
        'Example: snooze 2h 42',
        'Needs the agent role.',
        'From: core',
      ].join('\n'),
    );
  });

  it('finds a command by alias or in any case, and lists choices and defaults in detail', () => {
    const commands = registry();
    expect(commands.help('ZZ')).toBe(commands.help('snooze'));
    expect(commands.help('list')).toBe(['list [open|mine]', 'List conversations', 'Arguments:', '  [which] — which ones: open, mine', 'From: core'].join('\n'));
    expect(commands.help('count')).toContain('  <n> — a number\n  [label] — a label\nExample: count 1\n');
    expect(commands.help('note')).toContain('Example: note 42 <text>');
  });

  it('answers an unknown name with a suggestion', () => {
    expect(registry().help('snoze')).toBe('unknown command "snoze" — did you mean "snooze"? Try "help".');
  });
});

describe('suggestCommands', () => {
  const known = ['reopen', 'reply', 'resolve', 'list', 'ls', 'snooze', 'status', 'show'];
  it('catches typos, swapped letters and the start of a name', () => {
    expect(suggestCommands('resolv', known)).toEqual(['resolve']);
    expect(suggestCommands('reslove', known)).toEqual(['resolve']);
    expect(suggestCommands('lsit', known)).toEqual(['list']);
    expect(suggestCommands('snoo', known)).toEqual(['snooze']);
    expect(suggestCommands('re', known)).toEqual(['reopen', 'reply', 'resolve']);
  });

  it('suggests nothing for something far off (two edits are close enough from five letters on)', () => {
    expect(suggestCommands('deploy', known)).toEqual(['reply']);
    expect(suggestCommands('frobnicate', known)).toEqual([]);
    expect(suggestCommands('x', known)).toEqual([]);
  });
});
