import type { CommandArg, CommandArgType, CommandSpec, ConversationMode } from './command-types.ts';

/** One positional parameter as the parser sees it. */
export interface Param {
  name: string;
  type: CommandArgType;
  /** May be left out when typing. */
  optional: boolean;
  choices?: readonly string[];
  description?: string;
  /** The conversation parameter the context can stand in for. */
  primary: boolean;
  /** Added by the registry (a trailing `[conversation]`), not declared by the plugin. */
  implicit: boolean;
}

/** A validated spec, ready for parsing and help. */
export interface CompiledSpec {
  spec: Readonly<CommandSpec>;
  params: readonly Param[];
  /** The same, with the conversation required: for when the surface context has none. */
  strictParams: readonly Param[];
  conversation: ConversationMode;
  permission: string;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const ARG_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const TYPES: readonly CommandArgType[] = ['string', 'number', 'conversation', 'duration', 'rest'];
const MODES: readonly ConversationMode[] = ['required', 'optional', 'none'];

/**
 * Checks a spec and works out its parameters (including the implicit trailing conversation).
 * Throws an Error naming the plugin and command on anything invalid.
 *
 * @example
 * compileCommandSpec('core', { name: 'resolve', description: 'Resolve', conversation: 'required' }).params;
 * // [{ name: 'conversation', type: 'conversation', optional: true, primary: true, implicit: true }]
 */
export function compileCommandSpec(plugin: string, spec: CommandSpec): CompiledSpec {
  const where = `plugin "${plugin}": command ${JSON.stringify(spec?.name)}`;
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`);
  };
  if (typeof spec !== 'object' || spec === null) throw new Error(`plugin "${plugin}": a command spec must be an object`);
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) fail('the name must be lowercase letters, digits and dashes, starting with a letter');
  if (typeof spec.description !== 'string' || spec.description.trim() === '') fail('needs a description');
  if (spec.permission !== undefined && (typeof spec.permission !== 'string' || spec.permission.trim() === '')) fail('permission must be a non-empty string');
  if (spec.conversation !== undefined && !MODES.includes(spec.conversation)) fail(`conversation must be one of ${MODES.join(', ')}`);
  if (spec.aliases !== undefined && !Array.isArray(spec.aliases)) fail('aliases must be an array');
  for (const alias of spec.aliases ?? []) {
    if (typeof alias !== 'string' || !NAME.test(alias)) fail(`alias ${JSON.stringify(alias)} must be lowercase letters, digits and dashes`);
  }
  const names = [spec.name, ...(spec.aliases ?? [])];
  if (new Set(names).size !== names.length) fail('its name and aliases repeat');
  if (spec.args !== undefined && !Array.isArray(spec.args)) fail('args must be an array');

  const args = spec.args ?? [];
  const seen = new Set<string>();
  args.forEach((arg: CommandArg, index) => {
    if (typeof arg !== 'object' || arg === null || typeof arg.name !== 'string' || !ARG_NAME.test(arg.name)) {
      fail(`argument ${index + 1} needs a name (letters, digits, _ and -)`);
    }
    if (seen.has(arg.name)) fail(`argument "${arg.name}" is declared twice`);
    seen.add(arg.name);
    const type = arg.type ?? 'string';
    if (!TYPES.includes(type)) fail(`argument "${arg.name}" has unknown type ${JSON.stringify(arg.type)}`);
    if (type === 'rest' && index !== args.length - 1) fail(`argument "${arg.name}" takes the rest of the text, so it must be last`);
    if (arg.choices !== undefined) {
      if (type !== 'string') fail(`argument "${arg.name}": choices work with string arguments only`);
      if (!Array.isArray(arg.choices) || arg.choices.length === 0 || !arg.choices.every((c) => typeof c === 'string' && c !== '')) {
        fail(`argument "${arg.name}": choices must be a non-empty list of words`);
      }
    }
  });

  const declaresConversation = args.some((a) => a.type === 'conversation');
  const conversation: ConversationMode = spec.conversation ?? (declaresConversation ? 'optional' : 'none');
  const primaryIndex = conversation === 'none' ? -1 : args.findIndex((a) => a.type === 'conversation');
  const params: Param[] = args.map((arg, index) => ({
    name: arg.name,
    type: arg.type ?? 'string',
    // The primary conversation may always be left out: the surface context can supply it.
    optional: index === primaryIndex || arg.required !== true,
    ...(arg.choices ? { choices: Object.freeze([...arg.choices]) } : {}),
    ...(arg.description !== undefined ? { description: arg.description } : {}),
    primary: index === primaryIndex,
    implicit: false,
  }));
  const endsWithRest = params.at(-1)?.type === 'rest';
  if (conversation !== 'none' && primaryIndex === -1 && !endsWithRest) {
    if (seen.has('conversation')) fail('an argument named "conversation" must have type "conversation"');
    params.push({ name: 'conversation', type: 'conversation', optional: true, primary: true, implicit: true });
  }

  let copy: CommandSpec = spec;
  try {
    copy = structuredClone(spec);
  } catch {
    fail('the spec must be plain data (no functions or class instances)');
  }
  return {
    spec: deepFreeze(copy),
    params: Object.freeze(params.map((p) => Object.freeze(p))),
    strictParams: Object.freeze(params.map((p) => Object.freeze(p.primary ? { ...p, optional: false } : p))),
    conversation,
    permission: spec.permission ?? 'anyone',
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
