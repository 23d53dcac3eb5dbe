import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import { createInputAssembler } from './input-assembler.ts';

export interface TerminalOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Tab completion (terminal only). */
  completer?: (line: string) => [string[], string];
  /** A finished entry: one line, or several joined by `\n` (continuation or paste). */
  onEntry: (text: string) => void;
  /** Ctrl-D, or Ctrl-C on an empty line (terminal only): the user wants to stop. */
  onQuit: () => void;
}

export interface Terminal {
  /** Prints a line above the prompt, keeping what the user is typing intact. */
  print(line: string): void;
  /** `> ` or `#3> `. */
  setPrompt(prompt: string): void;
  close(): void;
}

const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

/**
 * The console's terminal: readline in terminal mode on a TTY — history, cursor editing, tab
 * completion, bracketed paste, a prompt that incoming lines do not tear apart — and a plain line
 * reader otherwise (pipes, CI). While the prompt is up, other writes to stdout/stderr (log lines)
 * are printed above it too.
 *
 * @example
 * const terminal = createTerminal({ input: process.stdin, output: process.stdout, onEntry: handle, onQuit: stop });
 * terminal.print('#1 Ada: hello');
 */
export function createTerminal(options: TerminalOptions): Terminal {
  const { input, output } = options;
  const interactive = Boolean(input.isTTY && output.isTTY);
  const entries = createInputAssembler();
  let prompt = '> ';
  let pasting = false;
  let closed = false;
  // True while readline or this module writes: those writes must not be routed around the prompt.
  let own = false;
  const asOwn = (fn: () => void) => {
    const was = own;
    own = true;
    try {
      fn();
    } finally {
      own = was;
    }
  };

  const rl: Interface = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    historySize: 1000,
    removeHistoryDuplicates: true,
    ...(interactive && options.completer ? { completer: options.completer } : {}),
  });

  const write = rawWriter(output);
  const restoreStreams = interactive ? routeOtherWrites(output, () => own, () => clearPrompt(), () => showPrompt()) : () => {};

  const currentPrompt = () => (entries.pending() ? '… ' : prompt);
  const clearPrompt = () =>
    asOwn(() => {
      const { rows } = rl.getCursorPos();
      if (rows > 0) moveCursor(output, 0, -rows);
      cursorTo(output, 0);
      clearScreenDown(output);
    });
  const showPrompt = () =>
    asOwn(() => {
      if (closed) return;
      rl.setPrompt(currentPrompt());
      rl.prompt(true);
    });

  if (interactive) {
    write(PASTE_ON);
    // Keystrokes are echoed by readline inside its keypress listener: mark that window as ours.
    input.prependListener('keypress', markOwn);
    input.on('keypress', onKeypress);
    rl.on('SIGINT', () => {
      if (rl.line === '' && !entries.pending()) {
        options.onQuit();
        return;
      }
      // Like a shell: Ctrl-C drops what was being typed.
      entries.clear();
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      write('^C\n');
      showPrompt();
    });
    showPrompt();
  }

  function markOwn(): void {
    own = true;
  }

  function onKeypress(_sequence: string, key: { name?: string } | undefined): void {
    own = false;
    if (key?.name === 'paste-start') pasting = true;
    if (key?.name === 'paste-end') {
      pasting = false;
      showPrompt();
    }
  }

  rl.on('line', (line) => {
    const entry = entries.line(line, pasting);
    if (interactive) showPrompt();
    // Outside readline's keypress handling, so what the entry logs is printed above the prompt.
    if (entry !== undefined) queueMicrotask(() => options.onEntry(entry));
  });
  rl.on('close', () => {
    const wasClosed = closed;
    closed = true;
    restoreStreams();
    if (interactive) {
      write(`${PASTE_OFF}\n`);
      input.off('keypress', onKeypress);
      input.off('keypress', markOwn);
      // Ctrl-D stops the bot like /quit; a pipe that ends (stdin from /dev/null) only ends the input.
      if (!wasClosed) options.onQuit();
    }
  });

  return {
    print(line: string): void {
      if (!interactive || closed) {
        write(`${line}\n`);
        return;
      }
      clearPrompt();
      write(`${line}\n`);
      showPrompt();
    },
    setPrompt(next: string): void {
      prompt = next;
      if (interactive && !closed) {
        clearPrompt();
        showPrompt();
      }
    },
    close(): void {
      if (closed) return;
      closed = true;
      rl.close();
    },
  };
}

/** The stream's own write, unaffected by {@link routeOtherWrites}. */
function rawWriter(output: NodeJS.WritableStream): (text: string) => void {
  const original = output.write.bind(output) as (text: string) => boolean;
  return (text) => void original(text);
}

/**
 * While the prompt is up, lines other code writes to stdout or stderr (pino's pretty log lines) go
 * above it: clear the prompt, write, show it again. Returns the function that undoes it.
 */
function routeOtherWrites(output: NodeJS.WritableStream, isOwn: () => boolean, before: () => void, after: () => void): () => void {
  const streams = [output, process.stderr].filter((s, i, all) => all.indexOf(s) === i) as NodeJS.WriteStream[];
  const originals = streams.map((stream) => stream.write);
  let inside = false;
  for (const [i, stream] of streams.entries()) {
    const original = originals[i] as NodeJS.WriteStream['write'];
    stream.write = function write(this: NodeJS.WriteStream, ...args: Parameters<NodeJS.WriteStream['write']>) {
      if (inside || isOwn()) return original.apply(stream, args);
      inside = true;
      try {
        before();
        const written = original.apply(stream, args);
        after();
        return written;
      } finally {
        inside = false;
      }
    } as NodeJS.WriteStream['write'];
  }
  return () => {
    for (const [i, stream] of streams.entries()) stream.write = originals[i] as NodeJS.WriteStream['write'];
  };
}
