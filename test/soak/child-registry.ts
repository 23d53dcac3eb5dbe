import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/**
 * Every child the soak starts (bots, redis-server) is tracked here, so each exit path — a finished
 * run, a thrown error, Ctrl-C, a vitest timeout — can kill what is left.
 *
 * @example
 * track(spawn('redis-server', args));
 * process.once('exit', killAllChildren);
 */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running; synchronous, so it works in an `exit` handler. */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}
