import type { BuiltInDeps } from './built-in-deps.ts';
import { registerReadCommands } from './built-in-read-commands.ts';
import { registerWriteCommands } from './built-in-write-commands.ts';
import type { CommandRegistry } from './command-types.ts';

export { BUILT_IN_PLUGIN, type BuiltInDeps, type BuiltInWrites, type WriteOrigin } from './built-in-deps.ts';
export { parseLabelChanges } from './built-in-write-commands.ts';

/**
 * Registers the commands every Switchboard has, under the plugin name `core`:
 * `help [command]`, `list [open|pending|mine|unassigned]`, `show`, `status` (anyone; private
 * answers) and `reply`, `note`, `resolve`, `reopen`, `snooze <duration>`, `assign <agent|me|none>`,
 * `label +a -b c` (the agent role). The conversation comes from where the command is typed, or a
 * number (`resolve 42`, `snooze 2h 42`, `reply 42 hello`).
 *
 * @example
 * registerBuiltInCommands(commands, {
 *   rest, writes: ctx.chatwoot, status: () => runtime.status(), chatwootUrl: 'https://chat.example.com', accountId: 1,
 * });
 */
export function registerBuiltInCommands(registry: CommandRegistry, deps: BuiltInDeps): void {
  registerReadCommands(registry, deps);
  registerWriteCommands(registry, deps);
}
