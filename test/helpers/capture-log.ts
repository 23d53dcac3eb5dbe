import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/create-logger.ts';

/** A real pino logger whose JSON lines land in `lines` (parsed) and `text` (raw), for assertions. */
export function captureLog(level: 'debug' | 'info' | 'warn' = 'debug'): { log: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('utf8');
      raw.push(text);
      for (const line of text.split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { log: createLogger({ level, destination }), lines, text: () => raw.join('') };
}
