import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface LaunchedCli {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  stderr: () => string;
  exited: Promise<[number | null, string | null]>;
  /** The HTTP port from the "listening on port N" line. */
  port: () => Promise<number>;
}

/**
 * Runs `bin/switchboard.js` as a user would (stdin from /dev/null, a minimal environment), capturing
 * its output. `cleanups` gets a SIGKILL for a child still running when the test ends.
 */
export function launchCli(env: Record<string, string>, args: string[], cleanups: Array<() => Promise<void> | void>, options: { cwd?: string } = {}): LaunchedCli {
  const child = spawn(process.execPath, [`${repoRoot}bin/switchboard.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', LOG_LEVEL: 'info', STORE_URL: 'memory://', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    err += chunk.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    output: () => out,
    stderr: () => err,
    exited,
    port: async () => Number((await waitFor(() => /listening on port (\d+)/.exec(out), { timeoutMs: 15_000, what: 'the "listening on port" line' }))[1]),
  };
}
