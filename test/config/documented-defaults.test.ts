import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/resolve-config.ts';

// The defaults live in the schema; SwitchboardConfig's comments (what an editor shows) must say the same.
const source = readFileSync(new URL('../../src/config/define-config.ts', import.meta.url), 'utf8');

function documentedDefaults(): Array<{ path: string; documented: string }> {
  const found: Array<{ path: string; documented: string }> = [];
  let section = '';
  let comment = '';
  for (const line of source.split('\n')) {
    const opens = /^ {2}(\w+)\?: \{$/.exec(line);
    if (opens) section = opens[1]!;
    if (/^ {2}\};$/.test(line)) section = '';
    if (/^\s*\/\*\*/.test(line)) comment = '';
    if (/^\s*(\/\*\*|\*)/.test(line)) comment += ` ${line}`;
    const field = /^ {4}(\w+)\?:/.exec(line);
    if (field && section) {
      const match = /Default (true|false|\d(?:[\d ]*\d)?)\b/.exec(comment);
      if (match) found.push({ path: `${section}.${field[1]}`, documented: match[1]!.replace(/ /g, '') });
      comment = '';
    }
  }
  return found;
}

describe('documented defaults', () => {
  it('match the schema, field by field', () => {
    const defaults = parseConfig(undefined) as unknown as Record<string, Record<string, unknown>>;
    const documented = documentedDefaults();
    // Every setting with a default documents it (plugin and scene lists and settings have none to speak of).
    const settings = Object.entries(defaults).flatMap(([section, values]) =>
      section === 'settings' || section === 'plugins' ? [] : Object.keys(values).filter((key) => key !== 'plugins' && key !== 'scenes').map((key) => `${section}.${key}`),
    );
    expect(documented.map((d) => d.path)).toEqual(settings);
    for (const { path, documented: value } of documented) {
      const [section, field] = path.split('.') as [string, string];
      expect({ path, value: String(defaults[section]?.[field]) }).toEqual({ path, value });
    }
  });
});
