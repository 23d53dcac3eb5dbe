import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../test/helpers/free-port.ts';

/** True when `redis-server` is on the PATH (the Redis rows are skipped otherwise). */
export const hasRedis = (): boolean => spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/**
 * A throwaway `redis-server` on 127.0.0.1 without persistence, for the Redis store rows.
 *
 * @example
 * const redis = await startRedis();
 * redis.flush(); // an empty database for the next round
 * redis.stop();
 */
export async function startRedis(): Promise<{ url: string; flush(): void; stop(): void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url,
    flush: () => void spawnSync('redis-cli', ['-u', url, 'flushall']),
    stop: () => void child.kill(),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
