import { pino, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { eventScopeFields } from './event-scope.ts';
import type { Logger, LogLevel } from './logger.ts';

export type { Logger, LogLevel } from './logger.ts';

/** Paths pino blanks out wherever they appear in a log object: tokens never reach the logs. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'apiToken',
  '*.apiToken',
  'pubsubToken',
  '*.pubsubToken',
  'pubsub_token',
  '*.pubsub_token',
  '*.*.pubsub_token',
  'access_token',
  '*.access_token',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'headers.api_access_token',
  '*.headers.api_access_token',
  'headers.authorization',
  '*.headers.authorization',
  'identifier',
  '*.identifier',
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Pretty, human-readable lines; the default when stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go (tests pass a stream to capture them). */
  destination?: DestinationStream;
}

/**
 * The process logger — pino behind Switchboard's own {@link Logger} type: JSON lines (one object
 * per line), pretty on a TTY, secrets redacted.
 *
 * @example
 * const log = createLogger({ level: 'debug' });
 * log.info({ conversationId: 42 }, 'mirrored');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    // Inside a plugin handler, every line names the event it is about.
    mixin: eventScopeFields,
  };
  if (options.destination) return pino(base, options.destination);
  const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (usePretty) {
    // In-thread and synchronous, so log lines and plugins' terminal output keep their order.
    // Through process.stdout (synchronous on a terminal) rather than straight to fd 1, so the console
    // can print log lines above its prompt instead of through it.
    return pino(base, pretty({ colorize: true, ignore: 'pid,hostname', singleLine: true, sync: true, translateTime: 'HH:MM:ss', destination: process.stdout }));
  }
  return pino(base);
}

/** Shows a secret as its first characters and last four (`xoxb-…abcd`), for doctor tables and errors. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '(unset)';
  if (secret.length <= 8) return '…';
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
