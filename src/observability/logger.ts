/**
 * One log method: structured fields first, then the message — or just a message. Switchboard's own
 * type, so plugins and tests never depend on the logging library behind it (pino today, see
 * `create-logger.ts`); any logger with these methods fits.
 */
export interface LogFn {
  (fields: object, message?: string, ...args: unknown[]): void;
  (message: string, ...args: unknown[]): void;
}

/**
 * What Switchboard, its plugins (`ctx.log`) and its parts log through.
 *
 * @example
 * const log: Logger = createLogger({ level: 'debug' }).child({ component: 'cable' });
 * log.info({ conversationId: 42 }, 'mirrored');
 */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  /** A logger whose every line carries `bindings` too (a plugin's name, a component). */
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
