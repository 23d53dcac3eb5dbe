import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['bin/switchboard.js', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('invalid configuration', () => {
  it('exits 2 before connecting, one line per problem naming the variable', () => {
    const result = run({ CHATWOOT_URL: 'not a url', CHATWOOT_ACCOUNT_ID: 'abc', SWITCHBOARD_PLUGINS: './nope.js,./test/fixtures/plugins/no-default.js' });
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('✗'));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^✗ CHATWOOT_URL: must be an http\(s\) URL/),
        expect.stringMatching(/^✗ CHATWOOT_ACCOUNT_ID: must be a positive whole number/),
        expect.stringMatching(/^✗ CHATWOOT_API_TOKEN: is missing/),
      ]),
    );
    expect(result.stdout).not.toMatch(/switchboard started/);
  });

  it('names a plugin module that cannot be loaded', () => {
    const result = run({ SWITCHBOARD_PLUGINS: './nope.js,./test/fixtures/plugins/no-default.js' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/✗ SWITCHBOARD_PLUGINS: plugin "\.\/nope\.js" not found/);
    expect(result.stderr).toMatch(/✗ SWITCHBOARD_PLUGINS: plugin "\.\/test\/fixtures\/plugins\/no-default\.js" has no valid default export/);
  });

  it('names each bad field of the config file, and exits 2 before connecting', () => {
    const result = run({}, ['--config', 'test/fixtures/bad.config.ts']);
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('✗'));
    expect(lines).toEqual([
      '✗ test/fixtures/bad.config.ts: runtime.concurrency: must be a whole number ≥ 1 (got 0)',
      '✗ test/fixtures/bad.config.ts: cable.staleAfterMS: is not a Switchboard setting (a typo?) — see SwitchboardConfig',
    ]);
    expect(result.stdout).not.toMatch(/switchboard started/);
  });
});
