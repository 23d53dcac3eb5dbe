import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../../src/core/store/create-store.ts';
import { freePort } from '../../helpers/free-port.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

describe.skipIf(!hasRedis)('createStore: redis:// (needs redis-server)', () => {
  let server: ChildProcess | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    server?.kill();
    server = undefined;
  });

  async function startRedis(): Promise<number> {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /ready to accept connections/i.test(output), { what: 'redis-server to start' });
    return port;
  }

  it('keeps namespaces apart, expires ttl entries and clears one namespace', async () => {
    const port = await startRedis();
    store = await createStore(`redis://127.0.0.1:${port}`);
    await store.namespace('a').set('k', { v: 1 });
    await store.namespace('b').set('k', { v: 2 });
    await store.namespace('b').set('short', 1, 50);
    expect(await store.namespace('a').get('k')).toEqual({ v: 1 });
    expect(await store.namespace('b').get('k')).toEqual({ v: 2 });
    await waitFor(async () => (await store!.namespace('b').get('short')) === undefined, { what: 'the ttl to expire' });
    await store.namespace('a').clear();
    expect(await store.namespace('a').get('k')).toBeUndefined();
    expect(await store.namespace('b').get('k')).toEqual({ v: 2 });
  });
});
