import { randomUUID } from 'node:crypto';
import { CHATWOOT_MAX_CONTENT, type PluginContext } from '../../src/index.ts';
import { failureNotice, NOTE_SAVED, writeId, type FailureInput } from '../../src/surface/index.ts';
import { dispatch, help, use } from './commands.ts';
import type { ConsoleSession } from './deps.ts';
import type { ConsoleInput } from './parse-input.ts';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Console → Chatwoot: runs one parsed entry — a reply or a private note (through the outbox, with
 * the console as its origin, so its echo is shown as "✓ sent" and never mirrored back), a command,
 * `/use`, `/help` or `/quit`. Returns false when the console should stop. Errors are shown, never thrown.
 *
 * @example
 * await handleEntry(ctx, session, parseInput('#42 note: VIP customer'));
 */
export async function handleEntry(ctx: PluginContext<unknown>, session: ConsoleSession, input: ConsoleInput): Promise<boolean> {
  try {
    switch (input.kind) {
      case 'empty':
      case 'expect':
        return true;
      case 'quit':
        session.quit();
        return false;
      case 'invalid':
        session.print(`? ${input.reason}`);
        return true;
      case 'use':
        await use(ctx, session, input.conversationId);
        return true;
      case 'help':
        await help(ctx, session, input.topic);
        return true;
      case 'reply': {
        if (input.text.length > CHATWOOT_MAX_CONTENT) {
          session.print(`✗ not sent: the message is ${count(input.text.length)} characters long and Chatwoot accepts at most ${count(CHATWOOT_MAX_CONTENT)} — split it`);
          return true;
        }
        const op = input.private ? 'note' : 'reply';
        const write = input.private ? ctx.chatwoot.note : ctx.chatwoot.reply;
        // The ref names this entry and the id says what it was: a write that fails for good is flagged in words that fit (from-chatwoot.ts).
        const ref = randomUUID();
        await write(input.conversationId, input.text, { origin: { surface: 'console', ref }, id: writeId('console', op, ref) });
        if (input.private) session.print(`#${input.conversationId} 🔒 ${NOTE_SAVED}`);
        return true;
      }
      case 'command':
        await dispatch(ctx, session, input.text, input.conversationId);
        return true;
    }
  } catch (error) {
    session.print(`⚠ ${(error as Error).message}`);
    return true;
  }
}

/**
 * A reply or note typed here that Chatwoot refused for good, flagged with ⚠ and the kit's sentence
 * for it (the mirror calls this: the console's writes carry a ref and a `writeId`).
 *
 * @example
 * createMirror(ctx, createConsoleSurface(ctx, session, { flagFailure: flagFailure(session) }));
 */
export function flagFailure(session: ConsoleSession) {
  return async ({ conversationId, op, error }: Pick<FailureInput, 'conversationId' | 'op' | 'error'>): Promise<void> =>
    session.print(`#${conversationId} ⚠ ${failureNotice(op ?? 'reply', error)}`);
}
