import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../../plugins/slack/doctor.ts';
import { SHORTCUTS } from '../../../plugins/slack/commands.ts';
import { slackSettings } from '../../../plugins/slack/settings.ts';

const manifest = readFileSync(new URL('../../../plugins/slack/manifest.yml', import.meta.url), 'utf8');

describe('manifest.yml', () => {
  it('grants every scope the doctor requires', () => {
    const granted = [...manifest.matchAll(/^\s+- ([a-z.:]+)\s*(?:#.*)?$/gm)].map((m) => m[1]);
    for (const scope of REQUIRED_SCOPES) expect(granted).toContain(scope);
  });

  it('declares the default slash command, the shortcuts, interactivity and Socket Mode', () => {
    expect(manifest).toContain(`command: /${slackSettings.parse({}).commandName}`);
    for (const id of Object.values(SHORTCUTS)) expect(manifest).toContain(`callback_id: ${id}`);
    expect(manifest).toMatch(/interactivity:\s+is_enabled: true/);
    expect(manifest).toContain('socket_mode_enabled: true');
    expect(manifest).toContain('message.channels');
  });
});
