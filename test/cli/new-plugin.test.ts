import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newPluginCommand } from '../../src/cli/new-plugin-command.ts';

// The scaffold's code itself runs in test/package (installed package); here: what it writes and refuses.
const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-new-plugin-'));
  dirs.push(dir);
  return dir;
}

describe('switchboard new-plugin', () => {
  it('writes the plugin, its test, a complete config and a tsconfig in an empty project', () => {
    const cwd = project();
    const out: string[] = [];
    expect(newPluginCommand('vip-alert', { cwd, write: (t) => void out.push(t) })).toBe(0);
    const plugin = readFileSync(join(cwd, 'plugins/vip-alert/index.ts'), 'utf8');
    expect(plugin).toContain("import { definePlugin, z } from 'switchboard';");
    expect(plugin).toContain("name: 'vip-alert'");
    const test = readFileSync(join(cwd, 'plugins/vip-alert/index.test.ts'), 'utf8');
    expect(test).toContain("import { createTestBot, type TestBot } from 'switchboard/testing';");
    expect(test).toContain("import vipAlert from './index.ts';");
    const config = readFileSync(join(cwd, 'config/switchboard.config.ts'), 'utf8');
    expect(config).toContain("import consoleSurface from 'switchboard/plugins/console';");
    expect(config).toContain('plugins: [slack, discord, vipAlert],');
    expect(config).toContain('sandbox: { plugins: [consoleSurface], customers: true },');
    expect(existsSync(join(cwd, 'tsconfig.json'))).toBe(true);
    expect(out.join('')).toContain('npx vitest run plugins/vip-alert');
  });

  it('leaves an existing config alone and says what to add', () => {
    const cwd = project();
    mkdirSync(join(cwd, 'config'));
    writeFileSync(join(cwd, 'config/switchboard.config.ts'), '// mine\n');
    const out: string[] = [];
    expect(newPluginCommand('crm', { cwd, write: (t) => void out.push(t) })).toBe(0);
    expect(readFileSync(join(cwd, 'config/switchboard.config.ts'), 'utf8')).toBe('// mine\n');
    expect(out.join('')).toContain("import crm from '../plugins/crm/index.ts';");
  });

  it('refuses bad, taken and existing names with exit 2', () => {
    const cwd = project();
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (errors.push(String(text)), true));
    expect(newPluginCommand('Bad Name', { cwd, write: () => {} })).toBe(2);
    expect(newPluginCommand('resolve', { cwd, write: () => {} })).toBe(2);
    expect(newPluginCommand('crm', { cwd, write: () => {} })).toBe(0);
    expect(newPluginCommand('crm', { cwd, write: () => {} })).toBe(2);
    expect(errors.join('')).toMatch(/"Bad Name" is not a plugin name[\s\S]*"resolve" is taken by Switchboard itself[\s\S]*plugins\/crm already exists/);
  });
});
