import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/launch-cli.ts';

// A plugin author's path, from an empty folder: `npm install <tarball>`, `npx switchboard new-plugin`,
// its vitest test against `switchboard/testing`, a type check, and `npx switchboard` running it.
let work = '';
let project = '';
const env = { ...process.env, npm_config_nodedir: process.env['npm_config_nodedir'] ?? '/usr', npm_config_audit: 'false', npm_config_fund: 'false', NODE_ENV: '' };
const run = (command: string, args: string[], extra: Record<string, string> = {}) =>
  spawnSync(command, args, { cwd: project, env: { ...env, ...extra }, encoding: 'utf8', timeout: 300_000 });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sb-package-'));
  project = join(work, 'my-bot');
  execFileSync('npm', ['pack', '--pack-destination', work], { cwd: repoRoot, env, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-bot', private: true, type: 'module' }));
  // The versions the repository itself is tested with.
  const install = run('npm', ['install', '--save-exact', join(work, tarball), 'vitest@4.1.12', 'typescript@7.0.2', '@types/node@20.19.43']);
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('switchboard as an installed package', () => {
  it('reports a missing config instead of running with no plugins', () => {
    const result = run('npx', ['switchboard']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/✗ config\/switchboard\.config\.ts: not found in .*my-bot — create it \(`npx switchboard new-plugin <name>`/);
  });

  it('scaffolds a .ts plugin whose test passes with switchboard/testing, and which type-checks', () => {
    const scaffold = run('npx', ['switchboard', 'new-plugin', 'welcome']);
    expect(scaffold.status).toBe(0);
    expect(scaffold.stdout).toContain('created plugins/welcome/index.ts, plugins/welcome/index.test.ts, plugins/welcome/tsconfig.json, config/switchboard.config.ts, tsconfig.json');
    const tests = run('npx', ['vitest', 'run', 'plugins/welcome']);
    expect(tests.stdout).toMatch(/Tests\s+.*2 passed/);
    expect(tests.status).toBe(0);
    const typecheck = run('npx', ['tsc', '--noEmit']);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);
    // The types are real: a wrong plugin is refused, also by the check of just its folder.
    writeFileSync(join(project, 'plugins', 'welcome', 'wrong.ts'), "import { definePlugin } from 'switchboard';\nexport default definePlugin({ name: 42, setup() {} });\n");
    const wrong = run('npx', ['tsc', '--noEmit', '-p', 'plugins/welcome']);
    expect(wrong.stdout).toMatch(/wrong\.ts.*error TS2322/);
    rmSync(join(project, 'plugins', 'welcome', 'wrong.ts'));
  });

  it('exports the surface kit as switchboard/surface, typed', () => {
    writeFileSync(
      join(project, 'plugins', 'welcome', 'surface-use.ts'),
      [
        "import { createMirror, parseReplyPrefix, type Surface } from 'switchboard/surface';",
        "export const parsed: boolean = parseReplyPrefix('note: x', false).note;",
        'export const mirror: typeof createMirror = createMirror;',
        "export type Name = Surface['name'];",
        '',
      ].join('\n'),
    );
    const typecheck = run('npx', ['tsc', '--noEmit']);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    const loaded = run('node', ['--input-type=module', '-e', "const kit = await import('switchboard/surface'); console.log(typeof kit.createMirror, kit.parseReplyPrefix('note: x', false).note)"]);
    expect(loaded.stdout.trim()).toBe('function true');
    rmSync(join(project, 'plugins', 'welcome', 'surface-use.ts'));
  });

  it('exports the community plugins and the agents plugins\' kits, typed and loadable', () => {
    writeFileSync(
      join(project, 'plugins', 'welcome', 'community-use.ts'),
      [
        "import discordCommunity from 'switchboard/plugins/discord-community';",
        "import slackCommunity from 'switchboard/plugins/slack-community';",
        "import { sharedDiscordClient } from 'switchboard/plugins/discord/kit';",
        "import { sharedBoltApp } from 'switchboard/plugins/slack/kit';",
        "import { defineConfig } from 'switchboard';",
        'export default defineConfig({ plugins: [discordCommunity, slackCommunity] });',
        'export const kits = [sharedDiscordClient, sharedBoltApp];',
        '',
      ].join('\n'),
    );
    const typecheck = run('npx', ['tsc', '--noEmit']);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    const script = "const d = await import('switchboard/plugins/discord-community'); const s = await import('switchboard/plugins/slack-community'); console.log(d.default.name, s.default.name)";
    const loaded = run('node', ['--input-type=module', '-e', script]);
    expect(loaded.stdout.trim()).toBe('discord-community slack-community');
    rmSync(join(project, 'plugins', 'welcome', 'community-use.ts'));
  });

  it('runs the plugin with `npx switchboard` in the sandbox', () => {
    writeFileSync(
      join(project, 'session.txt'),
      ['expect opened by Ada Lovelace', 'expect → Switchboard Bot: Hi! An agent will be with you shortly.', '/welcome 1', 'expect Welcome sent to #1.', ''].join('\n'),
    );
    const result = run('npx', ['switchboard', '--script', 'session.txt'], { LOG_LEVEL: 'warn', PORT: '0' });
    expect(result.stdout).toContain('script done: 3 expectation(s) met');
    expect(result.status).toBe(0);
  });
});
