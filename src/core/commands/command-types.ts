/**
 * Chat commands: one definition, every surface. A plugin declares a {@link CommandSpec} and a
 * handler once; each surface (console, Slack, Discord, …) turns what an agent typed into a
 * {@link CommandInvocation} and hands it to the registry, which parses, checks and runs it.
 */

/** The value types an argument can have. */
export type CommandArgType = 'string' | 'number' | 'conversation' | 'duration' | 'rest';

export interface CommandArg {
  /** Key in {@link CommandContext.args}; shown in help as `<name>` / `[name]`. */
  name: string;
  description?: string;
  /**
   * Default `'string'` (one word, or a quoted group).
   * - `'number'`: a decimal number.
   * - `'conversation'`: a Chatwoot display id, `42` or `#42` → `42`.
   * - `'duration'`: `90s`, `30m`, `2h`, `1d`, `1w`, combinations like `1h30m`, or `tomorrow`
   *   (until 09:00 local time tomorrow) → seconds.
   * - `'rest'`: everything that is left, verbatim (quotes kept, unless they wrap the whole text).
   *   Must be the last argument.
   */
  type?: CommandArgType;
  /** Default false. A conversation argument is always optional when typed: the context may supply it. */
  required?: boolean;
  /** Allowed values (matched case-insensitively, given in this spelling); `'string'` arguments only. */
  choices?: string[];
}

/** Where the conversation a command acts on comes from. */
export type ConversationMode = 'required' | 'optional' | 'none';

export interface CommandSpec {
  /** Lowercase, `[a-z][a-z0-9-]*`; unique across plugins together with aliases. */
  name: string;
  /** One line, shown in help. */
  description: string;
  args?: CommandArg[];
  /** 'anyone' (default), 'agent' (a mapped Chatwoot agent), 'admin', or a custom role name the surface knows. */
  permission?: string;
  /**
   * 'required' → from a `conversation` argument or the surface context, an error if neither;
   * 'optional' → the same, but none is fine; 'none' → never resolved.
   * Default: 'optional' when a `conversation` argument is declared, else 'none'.
   * With 'required'/'optional' and no declared `conversation` argument, a trailing `[conversation]`
   * is accepted anyway (`resolve 42`, `snooze 2h 42`), unless the spec ends with a `rest` argument.
   */
  conversation?: ConversationMode;
  aliases?: string[];
}

export interface CommandUser {
  /** The surface's own user id. */
  id: string;
  name: string;
  roles: string[];
  /** Set when the surface maps this user to a Chatwoot agent. */
  chatwootAgentId?: number;
}

/** What a surface hands to {@link CommandRegistry.dispatch}. */
export interface CommandInvocation {
  /** 'console' | 'slack' | 'discord' | … */
  surface: string;
  /** What follows the command prefix, e.g. `'resolve 42'` or `'label +vip -spam'`. */
  text: string;
  user: CommandUser;
  /** From the surface context (the linked thread/channel), if any. */
  conversationId?: number;
  /** Visible to everyone where the command was typed. */
  reply(text: string): Promise<void>;
  /** Visible to the invoking user only (where the surface can do that). */
  replyPrivately(text: string): Promise<void>;
  /** Optional: aborted when the surface gives up on this command. */
  signal?: AbortSignal;
}

/** What a handler receives. */
export interface CommandContext {
  /** The canonical command name (also when invoked through an alias). */
  name: string;
  surface: string;
  user: CommandUser;
  /** Parsed by the spec: numbers for `number`/`conversation`/`duration` (seconds), strings otherwise. */
  args: Record<string, string | number | undefined>;
  /** Resolved: an explicit `conversation` argument wins over the surface context. */
  conversationId?: number;
  reply(text: string): Promise<void>;
  replyPrivately(text: string): Promise<void>;
  /** Aborted on shutdown (or when the surface aborts the invocation). */
  signal: AbortSignal;
}

export type CommandHandler = (cmd: CommandContext) => unknown | Promise<unknown>;

/** What {@link CommandRegistry.dispatch} resolves with (for tests and surfaces' own bookkeeping). */
export interface DispatchOutcome {
  ok: boolean;
  /** The canonical command name, once known. */
  command?: string;
  /** The message the user was sent privately when `ok` is false. */
  error?: string;
}

export interface CommandRegistry {
  /** Throws on a duplicate name/alias or an invalid spec; the message names the plugin. */
  register(plugin: string, spec: CommandSpec, handler: CommandHandler): void;
  /**
   * Parses and runs. Never throws: usage errors, unknown commands, permission denials and handler
   * failures become a private reply and are logged with plugin and command (never the text).
   */
  dispatch(invocation: CommandInvocation): Promise<DispatchOutcome>;
  list(): ReadonlyArray<{ plugin: string; spec: CommandSpec }>;
  /** Plain-text help: every command (synopsis and description), or one command in detail. */
  help(name?: string): string;
}

export type PermissionCheck = (user: CommandUser, permission: string) => boolean;

/**
 * Thrown by a handler for a mistake the user can fix (`no agent matches "zed"`): the message is
 * sent privately as is, without the `"x" failed:` prefix, and logged at debug level only.
 *
 * @example
 * if (cmd.user.chatwootAgentId === undefined) throw new CommandError('you are not mapped to a Chatwoot agent');
 */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}
