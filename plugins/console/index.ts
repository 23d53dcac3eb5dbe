import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { definePlugin, z, type PluginContext } from '../../src/index.ts';
import { createTranscript, type Transcript } from './create-transcript.ts';
import { formatEvent } from './format-event.ts';
import { parseInput } from './parse-input.ts';

const settings = z.object({
  /** Read commands and replies from the terminal. */
  input: z.enum(['stdin', 'none']).default('stdin'),
  /** Replay this file line by line instead of reading the terminal, then stop the process. */
  script: z.string().optional(),
  /** How long a script's `expect` waits. */
  expectTimeoutMs: z.number().int().positive().default(15_000),
});

type Settings = z.infer<typeof settings>;

const HINT = 'console: "#<id> text" replies, "#<id> note: text" writes a private note, "/help" lists commands, "/quit" stops';

/**
 * The sandbox's surface, like Hubot's shell: conversations as lines in the terminal; you answer with
 * `#<id> text` and run any command (`/resolve 42`). Replies go through the same outbox and echo path
 * as Slack and Discord. With `script`, it replays a file non-interactively (`npm start -- --script f`).
 */
export default definePlugin({
  name: 'console',
  config: settings,
  setup(ctx) {
    const transcript = createTranscript((line) => process.stdout.write(`${line}\n`));
    ctx.on('*', (event) => {
      const line = formatEvent(event);
      if (line) transcript.write(line);
    });
    if (ctx.config.script) {
      void runScript(ctx, transcript, ctx.config.script);
      return;
    }
    if (ctx.config.input === 'stdin') {
      transcript.write(HINT);
      const lines = createInterface({ input: process.stdin, terminal: false });
      lines.on('line', (line) => void handleLine(ctx, transcript, line));
      ctx.signal.addEventListener('abort', () => lines.close());
    }
  },
});

/** One typed line; returns false to stop. Errors are shown, never thrown. */
async function handleLine(ctx: PluginContext<Settings>, transcript: Transcript, line: string): Promise<boolean> {
  const input = parseInput(line);
  try {
    switch (input.kind) {
      case 'empty':
      case 'expect':
        return true;
      case 'quit':
        process.kill(process.pid, 'SIGTERM');
        return false;
      case 'invalid':
        transcript.write(`? ${input.reason}`);
        return true;
      case 'reply': {
        const write = input.private ? ctx.chatwoot.note : ctx.chatwoot.reply;
        await write(input.conversationId, input.text, { origin: { surface: 'console' } });
        return true;
      }
      case 'command': {
        const profile = await agentOf(ctx);
        const show = async (text: string) => {
          for (const part of text.split('\n')) transcript.write(part);
        };
        await ctx.commands.dispatch({
          surface: 'console',
          text: input.text,
          user: { id: 'console', name: profile.name, roles: ['admin', 'agent'], chatwootAgentId: profile.id },
          reply: show,
          replyPrivately: show,
        });
        return true;
      }
    }
  } catch (error) {
    transcript.write(`⚠ ${(error as Error).message}`);
    return true;
  }
}

const agents = new WeakMap<object, Promise<{ id: number; name: string }>>();
/** The console acts as the bot's own Chatwoot user (read once per bot). */
function agentOf(ctx: PluginContext<Settings>) {
  let agent = agents.get(ctx);
  if (!agent) agents.set(ctx, (agent = ctx.chatwoot.getProfile().then((p) => ({ id: p.id, name: p.name }))));
  return agent;
}

async function runScript(ctx: PluginContext<Settings>, transcript: Transcript, path: string): Promise<void> {
  let failed = false;
  let expectations = 0;
  try {
    const lines = (await readFile(path, 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      if (ctx.signal.aborted) return;
      const input = parseInput(line);
      if (input.kind === 'expect') {
        expectations += 1;
        if (!(await transcript.expect(input.text, ctx.config.expectTimeoutMs))) {
          transcript.write(`✗ script line ${index + 1}: expected "${input.text}" within ${ctx.config.expectTimeoutMs} ms`);
          failed = true;
          break;
        }
        continue;
      }
      if (line.trim() && input.kind !== 'empty') transcript.write(`> ${line.trim()}`);
      if (!(await handleLine(ctx, transcript, line))) return;
    }
  } catch (error) {
    transcript.write(`✗ script: ${(error as Error).message}`);
    failed = true;
  }
  transcript.write(failed ? 'script failed' : `script done: ${expectations} expectation(s) met`);
  process.exitCode = failed ? 1 : 0;
  process.kill(process.pid, 'SIGTERM');
}
