/**
 * What the console's parts share: the `/use` conversation, the printer and the way out. Everything
 * printed — from Chatwoot, a command or the user's own input — goes through `print`, which makes it
 * terminal-safe.
 */
export interface ConsoleSession {
  /** The `/use` conversation. */
  current: number | undefined;
  setCurrent(id: number | undefined): void;
  /** Prints lines (already terminal-safe or not: the printer cleans them). */
  print(text: string): void;
  /** Stops Switchboard. */
  quit(): void;
}
