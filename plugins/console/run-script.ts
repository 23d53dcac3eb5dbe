import { readFile } from 'node:fs/promises';
import type { PluginContext } from '../../src/index.ts';
import type { Transcript } from './create-transcript.ts';
import type { ConsoleSession } from './deps.ts';
import { handleEntry } from './to-chatwoot.ts';
import { parseInput } from './parse-input.ts';

/**
 * Replays a console session from a file, non-interactively: each line is typed as in the terminal,
 * `expect <text>` waits for output containing it. Sets the exit code (1 on a failed expectation)
 * and stops the process.
 */
export async function runScript(ctx: PluginContext<unknown>, session: ConsoleSession, transcript: Transcript, path: string, expectTimeoutMs: number): Promise<void> {
  let failed = false;
  let expectations = 0;
  try {
    const lines = (await readFile(path, 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      if (ctx.signal.aborted) return;
      const input = parseInput(line, { script: true, ...(session.current === undefined ? {} : { current: session.current }) });
      if (input.kind === 'expect') {
        expectations += 1;
        if (!(await transcript.expect(input.text, expectTimeoutMs))) {
          session.print(`✗ script line ${index + 1}: expected "${input.text}" within ${expectTimeoutMs} ms`);
          failed = true;
          break;
        }
        continue;
      }
      if (input.kind !== 'empty') session.print(`> ${line.trim()}`);
      if (!(await handleEntry(ctx, { ...session, quit: () => {} }, input))) break;
    }
  } catch (error) {
    session.print(`✗ script: ${(error as Error).message}`);
    failed = true;
  }
  session.print(failed ? 'script failed' : `script done: ${expectations} expectation(s) met`);
  process.exitCode = failed ? 1 : 0;
  session.quit();
}
