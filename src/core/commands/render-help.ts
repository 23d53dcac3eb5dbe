import type { CompiledSpec, Param } from './compile-command-spec.ts';
import { DURATION_HINT } from './parse-duration.ts';

/** What help needs to know about one registered command. */
export interface HelpEntry {
  plugin: string;
  compiled: CompiledSpec;
}

function placeholder(param: Param, showChoices = true): string {
  const inner = param.choices && showChoices ? param.choices.join('|') : param.type === 'rest' ? `${param.name}...` : param.name;
  return param.optional ? `[${inner}]` : `<${inner}>`;
}

/**
 * The one-line form: `snooze <duration> [conversation]`.
 *
 * @example
 * renderSynopsis(compileCommandSpec('core', { name: 'list', description: 'List', args: [{ name: 'which', choices: ['open', 'mine'] }] }));
 * // 'list [open|mine]'
 */
export function renderSynopsis(compiled: CompiledSpec): string {
  return [compiled.spec.name, ...compiled.params.map((p) => placeholder(p))].join(' ');
}

/** A plausible invocation for error hints: `snooze 2h 42`, `reply 42 <text>`. */
export function renderExample(compiled: CompiledSpec): string {
  const words = [compiled.spec.name];
  for (const param of compiled.params) {
    if (param.primary) words.push('42');
    else if (param.optional) continue;
    else if (param.choices) words.push(param.choices[0] as string);
    else if (param.type === 'duration') words.push('2h');
    else if (param.type === 'number' || param.type === 'conversation') words.push('1');
    else words.push(`<${param.name}>`);
  }
  return words.join(' ');
}

function describeParam(param: Param): string {
  if (param.description) return param.choices ? `${param.description}: ${param.choices.join(', ')}` : param.description;
  if (param.primary) return 'conversation number (42 or #42); by default the conversation you type this in';
  switch (param.type) {
    case 'conversation':
      return 'conversation number (42 or #42)';
    case 'duration':
      return `how long: ${DURATION_HINT}`;
    case 'number':
      return 'a number';
    case 'rest':
      return 'the rest of the text';
    default:
      return param.choices ? `one of ${param.choices.join(', ')}` : 'a word, or "several words" in quotes';
  }
}

/**
 * All commands, one per line, sorted by name.
 *
 * @example
 * renderHelpList(entries); // 'Commands:\n  help [command] — Show commands…\n…'
 */
export function renderHelpList(entries: readonly HelpEntry[]): string {
  if (entries.length === 0) return 'No commands are registered.';
  const sorted = [...entries].sort((a, b) => a.compiled.spec.name.localeCompare(b.compiled.spec.name));
  const lines = sorted.map(({ compiled }) => `  ${renderSynopsis(compiled)} — ${compiled.spec.description}`);
  return ['Commands:', ...lines, 'Type "help <command>" for details.'].join('\n');
}

/**
 * One command in detail: synopsis, description, aliases, arguments, permission, plugin.
 *
 * @example
 * renderCommandHelp(entry); // 'snooze <duration> [conversation]\nSnooze a conversation…'
 */
export function renderCommandHelp({ plugin, compiled }: HelpEntry): string {
  const { spec, params, permission } = compiled;
  const lines = [renderSynopsis(compiled), spec.description];
  if (spec.aliases?.length) lines.push(`Aliases: ${spec.aliases.join(', ')}`);
  if (params.length) {
    lines.push('Arguments:');
    for (const param of params) lines.push(`  ${placeholder(param, false)} — ${describeParam(param)}`);
  }
  if (compiled.conversation === 'required' && !params.some((p) => p.primary)) {
    lines.push('Run it in a conversation thread.');
  }
  const example = renderExample(compiled);
  if (example !== spec.name) lines.push(`Example: ${example}`);
  if (permission !== 'anyone') lines.push(`Needs the ${permission} role.`);
  lines.push(`From: ${plugin}`);
  return lines.join('\n');
}
