import type { Logger } from '../../observability/logger.ts';
import { defaultCheckPermission } from './check-permission.ts';
import {
  CommandError,
  type CommandContext,
  type CommandHandler,
  type CommandInvocation,
  type CommandRegistry,
  type CommandSpec,
  type DispatchOutcome,
  type PermissionCheck,
} from './command-types.ts';
import { compileCommandSpec, type CompiledSpec } from './compile-command-spec.ts';
import { parseCommandArgs, parseConversationId } from './parse-command-args.ts';
import { renderCommandHelp, renderExample, renderHelpList, renderSynopsis } from './render-help.ts';
import { suggestCommands } from './suggest-command.ts';
import { tokenizeCommand } from './tokenize-command.ts';

export type * from './command-types.ts';
export { CommandError } from './command-types.ts';
export { defaultCheckPermission } from './check-permission.ts';
export { formatDuration, parseDuration } from './parse-duration.ts';

export interface CommandRegistryOptions {
  log: Logger;
  /** Replaces {@link defaultCheckPermission} entirely. A throw counts as a denial. */
  checkPermission?: PermissionCheck;
  /** Clock in ms, for `tomorrow` durations. Default `Date.now`. */
  now?: () => number;
  /** Aborted on shutdown; handlers see it (combined with the invocation's own) as `cmd.signal`. */
  signal?: AbortSignal;
}

interface Entry {
  plugin: string;
  compiled: CompiledSpec;
  handler: CommandHandler;
}

const MAX_ERROR_LENGTH = 300;

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

function isCommandError(error: unknown): error is Error {
  return error instanceof CommandError || (error instanceof Error && error.name === 'CommandError');
}

/**
 * The command registry: plugins register commands once, surfaces dispatch what agents type.
 *
 * @example
 * const commands = createCommandRegistry({ log });
 * commands.register('core', { name: 'resolve', description: 'Resolve a conversation', permission: 'agent', conversation: 'required' },
 *   async (cmd) => { await writes.setStatus(cmd.conversationId!, 'resolved'); await cmd.reply(`resolved #${cmd.conversationId}`); });
 * await commands.dispatch({ surface: 'console', text: 'resolve 42', user, reply, replyPrivately });
 */
export function createCommandRegistry(options: CommandRegistryOptions): CommandRegistry {
  const { log } = options;
  const now = options.now ?? Date.now;
  const checkPermission = options.checkPermission ?? defaultCheckPermission;
  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();

  const lookup = (word: string) => byName.get(word.trim().toLowerCase());

  const unknownMessage = (typed: string) => {
    const suggestions = suggestCommands(typed, [...byName.keys()]).map((s) => `"${s}"`);
    const hint = suggestions.length ? ` — did you mean ${suggestions.join(' or ')}?` : '.';
    return `unknown command "${typed.length > 40 ? `${typed.slice(0, 40)}…` : typed}"${hint} Try "help".`;
  };

  const refuse = async (invocation: CommandInvocation, command: string | undefined, message: string): Promise<DispatchOutcome> => {
    try {
      await invocation.replyPrivately(message);
    } catch (error) {
      log.warn({ err: error, surface: invocation.surface, command }, 'could not send a command error reply');
    }
    return command === undefined ? { ok: false, error: message } : { ok: false, command, error: message };
  };

  const signalFor = (invocation: CommandInvocation): AbortSignal => {
    const signals = [options.signal, invocation.signal].filter((s): s is AbortSignal => s !== undefined);
    if (signals.length === 0) return new AbortController().signal;
    return signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
  };

  const run = async (invocation: CommandInvocation): Promise<DispatchOutcome> => {
    const tokens = tokenizeCommand(invocation.text ?? '');
    const first = tokens[0];
    if (!first) return refuse(invocation, undefined, 'no command given. Try "help".');
    const entry = lookup(first.value);
    if (!entry) {
      // The first word only: arguments may carry customer text.
      log.debug({ surface: invocation.surface, command: first.value.slice(0, 40) }, 'unknown command');
      return refuse(invocation, undefined, unknownMessage(first.value.toLowerCase()));
    }
    const { plugin, compiled, handler } = entry;
    const name = compiled.spec.name;
    const fields = { plugin, command: name, surface: invocation.surface, user: invocation.user.id };

    let allowed = false;
    try {
      allowed = checkPermission(invocation.user, compiled.permission);
    } catch (error) {
      log.error({ ...fields, err: error }, 'permission check failed');
    }
    if (!allowed) {
      log.info({ ...fields, permission: compiled.permission }, 'command denied');
      return refuse(invocation, name, `"${name}" needs the ${compiled.permission} role`);
    }

    const fromContext = Number.isSafeInteger(invocation.conversationId) && (invocation.conversationId as number) > 0 ? invocation.conversationId : undefined;
    const args = tokens.slice(1);
    const usage = (problem: string) => {
      log.debug(fields, 'command usage error');
      return refuse(invocation, name, `${problem}\nusage: ${renderSynopsis(compiled)}`);
    };
    const noConversation = () => {
      log.debug(fields, 'command without a conversation');
      const how = compiled.params.some((p) => p.primary) ? ` or pass its number, e.g. "${renderExample(compiled)}"` : '';
      return refuse(invocation, name, `no conversation here: run it in a conversation thread${how}`);
    };
    const needsNumber = compiled.conversation === 'required' && fromContext === undefined;
    const parsed = parseCommandArgs(needsNumber ? compiled.strictParams : compiled.params, invocation.text, args, now);
    if (!parsed.ok && needsNumber) {
      // Nothing in context: was the number forgotten, or mistyped? `reply 42` lacks text; `reply hi` lacks a conversation.
      const lenient = parseCommandArgs(compiled.params, invocation.text, args, now);
      if (!lenient.ok) return usage(lenient.problem);
      if (!args.some((t) => parseConversationId(t.value) !== undefined)) return noConversation();
    }
    if (!parsed.ok) return usage(parsed.problem);

    const conversationId = compiled.conversation === 'none' ? undefined : (parsed.conversationId ?? fromContext);
    if (compiled.conversation === 'required' && conversationId === undefined) return noConversation();

    const cmd: CommandContext = {
      name,
      surface: invocation.surface,
      user: invocation.user,
      args: parsed.args,
      ...(conversationId === undefined ? {} : { conversationId }),
      reply: (text) => invocation.reply(text),
      replyPrivately: (text) => invocation.replyPrivately(text),
      signal: signalFor(invocation),
    };
    try {
      await handler(cmd);
    } catch (error) {
      if (isCommandError(error)) {
        log.debug(fields, 'command refused by its handler');
        return refuse(invocation, name, errorMessage(error));
      }
      log.error({ ...fields, err: error }, 'command failed');
      return refuse(invocation, name, `"${name}" failed: ${errorMessage(error)}`);
    }
    log.debug(fields, 'command ran');
    return { ok: true, command: name };
  };

  return {
    register(plugin: string, spec: CommandSpec, handler: CommandHandler): void {
      if (typeof plugin !== 'string' || plugin.trim() === '') throw new Error('register needs the plugin name as its first argument');
      const compiled = compileCommandSpec(plugin, spec);
      if (typeof handler !== 'function') throw new Error(`plugin "${plugin}": command "${spec.name}" needs a handler function`);
      for (const word of [compiled.spec.name, ...(compiled.spec.aliases ?? [])]) {
        const taken = byName.get(word);
        if (taken) {
          const what = taken.compiled.spec.name === word ? `command "${word}"` : `alias "${word}" of "${taken.compiled.spec.name}"`;
          throw new Error(`plugin "${plugin}": command "${spec.name}" clashes with ${what} registered by plugin "${taken.plugin}"`);
        }
      }
      const entry: Entry = { plugin, compiled, handler };
      entries.push(entry);
      for (const word of [compiled.spec.name, ...(compiled.spec.aliases ?? [])]) byName.set(word, entry);
    },

    async dispatch(invocation: CommandInvocation): Promise<DispatchOutcome> {
      try {
        return await run(invocation);
      } catch (error) {
        // Only reachable through a bug or a hostile invocation object; dispatch still never throws.
        log.error({ err: error, surface: invocation?.surface }, 'command dispatch failed');
        return { ok: false, error: errorMessage(error) };
      }
    },

    list() {
      return entries.map(({ plugin, compiled }) => ({ plugin, spec: compiled.spec }));
    },

    help(name?: string): string {
      if (name === undefined || name.trim() === '') return renderHelpList(entries);
      const entry = lookup(name);
      return entry ? renderCommandHelp(entry) : unknownMessage(name.trim().toLowerCase());
    },
  };
}
