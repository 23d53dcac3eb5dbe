import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/create-runtime.ts';
import { loadConfigFile } from '../../src/config/load-config-file.ts';
import { ConfigError, parseConfig, resolveConfig } from '../../src/config/resolve-config.ts';
import { createLogger } from '../../src/observability/create-logger.ts';

describe('the config schema', () => {
  it('fills in every default', () => {
    expect(parseConfig(undefined)).toEqual({
      plugins: [],
      settings: {},
      runtime: {
        concurrency: 32,
        handlerTimeoutMs: 30_000,
        pauseAfterFailures: 5,
        sweepMs: 300_000,
        reorderWindowMs: 10_000,
        retryForMs: 3_600_000,
        readyRequiresPlugins: false,
        leaseTtlMs: 6_000,
      },
      webhook: { allowUnsigned: false },
      sandbox: { plugins: [], customers: true, scenes: [] },
      cable: { confirmTimeoutMs: 10_000, staleAfterMs: 6_000, backoffCapMs: 30_000, profileRefreshMs: 300_000 },
    });
  });

  it('keeps what is set, 0 included where 0 means something, and Infinity where it switches a limit off', () => {
    const config = parseConfig({ runtime: { sweepMs: 0, reorderWindowMs: 0, pauseAfterFailures: Infinity, concurrency: 4 }, cable: { profileRefreshMs: 0 }, sandbox: { customers: false } });
    expect(config.runtime).toMatchObject({ sweepMs: 0, reorderWindowMs: 0, pauseAfterFailures: Infinity, concurrency: 4, handlerTimeoutMs: 30_000 });
    expect(config.cable.profileRefreshMs).toBe(0);
    expect(config.sandbox.customers).toBe(false);
  });

  it('refuses a 0 that means nothing, rather than taking the default', () => {
    const { problems } = resolveConfig({ runtime: { concurrency: 0, handlerTimeoutMs: 0, leaseTtlMs: 0 } });
    expect(problems).toEqual([
      { variable: 'runtime.concurrency', message: 'must be a whole number ≥ 1 (got 0)' },
      { variable: 'runtime.handlerTimeoutMs', message: 'must be a whole number of milliseconds ≥ 1, or Infinity (got 0)' },
      { variable: 'runtime.leaseTtlMs', message: 'must be a whole number of milliseconds ≥ 1000 (got 0)' },
    ]);
  });

  it('names every bad field: wrong types, unknown keys (typos), a config that is not an object', () => {
    const { config, problems } = resolveConfig({ plugins: 'slack', webhook: { allowUnsigned: 'yes' }, runtime: { sweepMS: 1 }, tracing: true });
    expect(config).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        { variable: 'plugins', message: 'must be a list of plugins (plugin objects or module paths) (got "slack")' },
        { variable: 'webhook.allowUnsigned', message: 'must be true or false (got "yes")' },
        { variable: 'runtime.sweepMS', message: 'is not a Switchboard setting (a typo?) — see SwitchboardConfig' },
        { variable: 'tracing', message: 'is not a Switchboard setting (a typo?) — see SwitchboardConfig' },
      ]),
    );
    expect(problems).toHaveLength(4);
    expect(resolveConfig(42).problems).toEqual([{ variable: '(config)', message: 'must be an object: `export default defineConfig({ … })` (got 42)' }]);
  });

  it('takes sandbox scenes as { name, description, start } objects, and names one that is not', () => {
    const scene = { name: 'community', description: 'a simulated community', start: async () => ({ stop: async () => {} }) };
    expect(parseConfig({ sandbox: { scenes: [scene] } }).sandbox.scenes).toEqual([scene]);
    expect(resolveConfig({ sandbox: { scenes: [{ name: 'community' }] } }).problems).toEqual([
      { variable: 'sandbox.scenes.0', message: 'must be a scene ({ name, description, start }) (got {"name":"community"})' },
    ]);
  });

  it('a resolved config resolves to itself (the CLI checks it, then createRuntime again)', () => {
    const once = parseConfig({ runtime: { sweepMs: 1_000 }, settings: { greeter: { greeting: 'hi' } } });
    expect(parseConfig(once)).toEqual(once);
  });
});

describe('a config file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is checked when loaded: each problem names the file and the field', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    writeFileSync(join(dir, 'bad.config.mjs'), 'export default { runtime: { concurrency: "many" }, cable: { staleAfterMs: -1 } };\n');
    const { problems } = await loadConfigFile('bad.config.mjs', dir);
    expect(problems).toEqual([
      { variable: 'bad.config.mjs: runtime.concurrency', message: 'must be a whole number ≥ 1 (got "many")' },
      { variable: 'bad.config.mjs: cable.staleAfterMs', message: 'must be a whole number of milliseconds ≥ 1 (got -1)' },
    ]);
  });

  it('comes back with its defaults filled in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    writeFileSync(join(dir, 'ok.config.mjs'), 'export default { runtime: { sweepMs: 0 } };\n');
    const { config, problems } = await loadConfigFile('ok.config.mjs', dir);
    expect(problems).toEqual([]);
    expect(config.runtime.sweepMs).toBe(0);
    expect(config.runtime.concurrency).toBe(32);
  });
});

describe('createRuntime', () => {
  it('throws a ConfigError naming the field for a config built in code', () => {
    const make = () =>
      createRuntime({
        chatwoot: { url: 'http://127.0.0.1:1', apiToken: 't', accountId: 1 },
        env: { presenceIntervalSeconds: 15, port: 0 },
        // @ts-expect-error a wrong type, as plain JavaScript could pass it
        config: { runtime: { concurrency: '8' } },
        plugins: [],
        log: createLogger({ level: 'silent' }),
      });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow('runtime.concurrency must be a whole number ≥ 1 (got "8")');
  });
});
