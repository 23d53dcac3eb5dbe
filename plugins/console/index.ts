import { definePlugin, z } from '../../src/index.ts';
import { createMirror } from '../../src/surface/index.ts';
import { completeInput } from './complete-input.ts';
import { consoleFeed } from './console-feed.ts';
import { CONSOLE_COMMANDS } from './console-help.ts';
import { createTerminal, type Terminal } from './create-terminal.ts';
import { createTranscript } from './create-transcript.ts';
import { createConsoleSurface } from './from-chatwoot.ts';
import type { ConsoleSession } from './deps.ts';
import { flagFailure, handleEntry } from './to-chatwoot.ts';
import { parseInput } from './parse-input.ts';
import { runScript } from './run-script.ts';
import { terminalSafe } from './terminal-safe.ts';

const settings = z.object({
  /** Read commands and replies from the terminal. */
  input: z.enum(['stdin', 'none']).default('stdin'),
  /** Replay this file line by line instead of reading the terminal, then stop the process. */
  script: z.string().optional(),
  /** How long a script's `expect` waits. */
  expectTimeoutMs: z.number().int().positive().default(15_000),
});

const HINT = 'console: "#<id> text" replies, "/use <id>" picks a conversation, "/help" lists commands, "/quit" or Ctrl-D stops';

/** Where the console reads what is typed and prints its lines. */
export interface ConsoleStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The process's own: getters, so stdin is only touched when the terminal starts. */
const PROCESS_STREAMS: ConsoleStreams = {
  get input() {
    return process.stdin;
  },
  get output() {
    return process.stdout;
  },
};

/**
 * The console plugin on other streams than the process's stdin and stdout — e.g. a test typing
 * into a PassThrough and reading what is printed.
 *
 * @example
 * const input = new PassThrough();
 * const bot = await createTestBot({ plugins: [createConsolePlugin({ input, output })] });
 * input.write('#1 thanks!\n');
 */
export function createConsolePlugin(streams: ConsoleStreams = PROCESS_STREAMS) {
  return definePlugin({
    name: 'console',
    config: settings,
    setup(ctx) {
      let terminal: Terminal | undefined;
      let current: number | undefined;
      const seen = new Set<number>();
      const transcript = createTranscript((line) => (terminal ? terminal.print(line) : streams.output.write(`${line}\n`)));
      const session: ConsoleSession = {
        get current() {
          return current;
        },
        setCurrent(id) {
          current = id;
          terminal?.setPrompt(id === undefined ? '> ' : `#${id}> `);
        },
        // Every string printed — from Chatwoot, a command or the user's own input — is made terminal-safe here.
        print: (text) => {
          for (const line of terminalSafe(text).split('\n')) transcript.write(line);
        },
        quit: () => void process.kill(process.pid, 'SIGTERM'),
      };

      // Other plugins' lines (a sandbox scene's simulated people) print here too.
      consoleFeed(ctx).attach((line) => session.print(line));
      // Conversation numbers for tab completion.
      ctx.on('*', (event) => {
        if (typeof event.conversationId === 'number') seen.add(event.conversationId);
      });
      createMirror(ctx, createConsoleSurface(ctx, session, { flagFailure: flagFailure(session) }));
      ctx.onShutdown(() => terminal?.close());
      // The terminal belongs to the instance that acts (the only one, unless several share a Redis).
      ctx.onActive(() => {
        if (ctx.config.script) {
          void runScript(ctx, session, transcript, ctx.config.script, ctx.config.expectTimeoutMs);
          return;
        }
        if (ctx.config.input !== 'stdin') return;

        // One entry at a time, in the order typed.
        let queue = Promise.resolve();
        terminal = createTerminal({
          input: streams.input,
          output: streams.output,
          completer: (line) =>
            completeInput(line, {
              commands: [...ctx.commands.list().flatMap(({ spec }) => [spec.name, ...(spec.aliases ?? [])]), ...CONSOLE_COMMANDS],
              conversations: [...seen],
            }),
          onEntry: (text) => {
            queue = queue.then(() => handleEntry(ctx, session, parseInput(text, current === undefined ? {} : { current }))).then(() => undefined);
          },
          onQuit: () => session.quit(),
        });
        session.print(HINT);
      });
    },
  });
}

/**
 * The sandbox's surface, like Hubot's shell: conversations as lines in the terminal; you answer with
 * `#<id> text` (or plain text after `/use <id>`) and run any command (`/resolve 42`, `#42 /resolve`).
 * On a terminal it is a readline prompt with history, editing, tab completion and paste; replies go
 * through the same outbox and echo path as Slack and Discord, and what Chatwoot does is shown by the
 * surface kit's mirror, as on Slack and Discord (from-chatwoot.ts). With `script`, it replays a file
 * non-interactively (`npm start -- --script f`). Everything printed is stripped of control sequences.
 */
export default createConsolePlugin();
