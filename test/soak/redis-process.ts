import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../helpers/free-port.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { track } from './child-registry.ts';

/** Whether `redis-server` is on the PATH (.ci/run installs it); redis scenarios skip without it. */
export const hasRedisServer = (): boolean => spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/**
 * A throw-away redis-server on a free loopback port, without persistence (`--save '' --appendonly no`):
 * the soak's kills are of the bot, never of redis.
 *
 * @example
 * const redis = await startRedis();
 * // STORE_URL = redis.url
 * await redis.stop();
 */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const server = track(
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const exited = once(server, 'exit');
  let output = '';
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
  };
  try {
    await waitFor(() => /ready to accept connections/i.test(output), { timeoutMs: 10_000, what: 'redis-server to start' });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
