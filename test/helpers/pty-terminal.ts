import { createRequire } from 'node:module';
import type { Terminal as XtermTerminal } from '@xterm/headless';
import { spawn, type IPty } from 'node-pty';

// @xterm/headless is CommonJS.
const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as { Terminal: typeof XtermTerminal };

export interface PtyRun {
  pty: IPty;
  /** Types text as keystrokes. */
  type(text: string): void;
  /** The whole screen, scrollback included, wrapped rows joined: what a person scrolling up would read. */
  text(): string;
  /** The row the cursor is on (the prompt and what is being typed). */
  cursorLine(): string;
  /** The cursor's column (0-based). */
  cursorX(): number;
  /** Everything written since the start, escape sequences included. */
  raw(): string;
  titles: string[];
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** Resolves once every byte received so far has been parsed by the emulator. */
  flushed(): Promise<void>;
}

/**
 * Runs a command in a real pseudo-terminal and renders its output with a real terminal emulator
 * (xterm.js, headless), so tests assert what a person sees: cursor moves, clears and redraws applied.
 */
export function runInPty(file: string, args: string[], options: { cwd: string; env: Record<string, string>; cols?: number; rows?: number }): PtyRun {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 30;
  const term = new Terminal({ cols, rows, scrollback: 5_000, allowProposedApi: true });
  const titles: string[] = [];
  term.onTitleChange((title) => titles.push(title));
  const pty = spawn(file, args, { name: 'xterm-256color', cols, rows, cwd: options.cwd, env: options.env });
  let raw = '';
  let pending = Promise.resolve();
  pty.onData((data) => {
    raw += data;
    pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => pty.onExit(resolve));
  const line = (i: number) => term.buffer.active.getLine(i);
  return {
    pty,
    titles,
    exited,
    type: (text) => pty.write(text),
    raw: () => raw,
    flushed: () => pending,
    text() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i += 1) {
        const row = line(i);
        if (!row) continue;
        const text = row.translateToString(true);
        if (row.isWrapped && out.length > 0) out[out.length - 1] += text;
        else out.push(text);
      }
      return out.join('\n');
    },
    cursorX: () => term.buffer.active.cursorX,
    cursorLine() {
      const buffer = term.buffer.active;
      return line(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
    },
  };
}
