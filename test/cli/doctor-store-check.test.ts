import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStore } from '../../src/cli/doctor-store-check.ts';
import { createLogger } from '../../src/observability/create-logger.ts';
import { createStore } from '../../src/core/store/create-store.ts';
import { createChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot } from '../../src/testing/index.ts';
import { hasRedisServer, startRedis } from '../soak/redis-process.ts';

describe('doctor: the store row', () => {
  it('says SQLite is one instance and memory survives nothing', async () => {
    expect(await checkStore(undefined, 1)).toMatchObject({ ok: true, detail: expect.stringContaining('one instance') });
    expect(await checkStore('memory://', 1)).toMatchObject({ ok: true, warn: true });
  });

  it('fails clearly when Redis cannot be reached', async () => {
    const row = await checkStore('redis://127.0.0.1:1', 1, 300);
    expect(row).toMatchObject({ ok: false, fix: 'check STORE_URL and that Redis is up' });
  });

  describe.skipIf(!hasRedisServer())('on Redis', () => {
    let redis: { url: string; stop(): Promise<void> };
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => redis.stop());

    it('names the active instance of the account', async () => {
      expect(await checkStore(redis.url, 1)).toMatchObject({ ok: true, detail: expect.stringContaining('no instance active right now') });
      const sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
      const store = await createStore(redis.url, { log: createLogger({ level: 'silent' }) });
      const bot = await createTestBot({ plugins: [], chatwoot: sim, store });
      try {
        const summary = bot.runtime.status().instance as { instance: string };
        const row = await checkStore(redis.url, 1);
        expect(row.detail).toContain(`active instance: ${summary.instance} (fencing token `);
      } finally {
        await bot.stop();
        await store.close();
        await sim.close();
      }
    });
  });
});
