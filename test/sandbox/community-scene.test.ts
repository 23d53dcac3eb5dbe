import { afterEach, describe, expect, it } from 'vitest';
import { memberView } from '../../plugins/console/community/community-members.ts';
import { launchCli } from '../helpers/launch-cli.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONFIG = ['--config', 'test/fixtures/community.config.ts'];

describe('sandbox: the simulated Discord community (npm start -- --scene community)', () => {
  it('a member posts from the console, the conversation shows like any other, the agent answers and resolves: the member sees the reply and the closing line once, never the note', async () => {
    const bot = launchCli({ LOG_LEVEL: 'warn' }, [...CONFIG, '--scene', 'community', '--script', 'test/fixtures/community-session.txt'], cleanups);
    const [code] = await bot.exited;
    const output = bot.output();
    expect(output).toContain('script done: 6 expectation(s) met');
    expect(output).toContain('💬 Discord community (simulated): "/community Ada: My order is late"');
    expect(code).toBe(0);
    // What Ada saw in Discord, counted: the reply and the closing line, each once — the note never.
    const seen = output.split('\n').filter((line) => line.startsWith('💬 Discord · Ada sees:'));
    expect(seen).toEqual([
      '💬 Discord · Ada sees: Switchboard Bot (agent): Sorry Ada, it ships today.',
      '💬 Discord · Ada sees: ✅ This conversation was resolved. Write here again if you need anything else.',
    ]);
    // One conversation: both of Ada's messages arrived in #1, through the community inbox.
    expect(output).toContain('── #1 opened by Ada');
    expect(output).not.toMatch(/── #2 /);
    expect(output).not.toContain(String('fake.bot.token'));
  }, 30_000);

  it('runs with the shipped config too: the agents\' Discord plugin is left out rather than taking the fake token for its own', async () => {
    const bot = launchCli({ LOG_LEVEL: 'info' }, ['--scene', 'community', '--script', 'test/fixtures/community-hello.txt'], cleanups);
    const [code] = await bot.exited;
    expect(bot.output()).toContain('script done: 2 expectation(s) met');
    expect(bot.output()).toContain('sandbox: the scene leaves out discord');
    expect(code).toBe(0);
  }, 30_000);

  it('refuses a scene the config does not offer, and a scene outside the sandbox', async () => {
    const unknown = launchCli({}, [...CONFIG, '--scene', 'comunity'], cleanups);
    expect((await unknown.exited)[0]).toBe(2);
    expect(unknown.stderr()).toContain('no scene "comunity" — this config offers: community');
    const real = launchCli({ CHATWOOT_URL: 'http://127.0.0.1:9', CHATWOOT_API_TOKEN: 't', CHATWOOT_ACCOUNT_ID: '1' }, [...CONFIG, '--scene', 'community'], cleanups);
    expect((await real.exited)[0]).toBe(2);
    expect(real.stderr()).toContain('needs the sandbox: unset CHATWOOT_URL');
  }, 30_000);

  it('shows a bot post as the member reads it, on one line', () => {
    expect(memberView('**Ann \\*Agent\\* (agent):**\nHi!\nSee you')).toBe('Ann *Agent* (agent): Hi! ⏎ See you');
    expect(memberView('✅ Resolved.')).toBe('✅ Resolved.');
  });
});
