import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SwitchboardConfig } from './define-config.ts';
import type { ConfigProblem } from './read-env.ts';

export const DEFAULT_CONFIG_PATH = 'config/switchboard.config.ts';

/**
 * Imports the config module (default export of `defineConfig`). A missing file is a problem, the
 * default one too: running with no plugins at all (no console, no Slack, no Discord) without a word
 * would look like a broken bot.
 */
export async function loadConfigFile(path = DEFAULT_CONFIG_PATH, cwd = process.cwd()): Promise<{ config: SwitchboardConfig; problems: ConfigProblem[] }> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    if (path === DEFAULT_CONFIG_PATH) {
      return {
        config: {},
        problems: [{ variable: path, message: `not found in ${cwd} — create it (\`npx switchboard new-plugin <name>\` writes one listing your plugin and the bundled surfaces), or pass --config <file>` }],
      };
    }
    return { config: {}, problems: [{ variable: path, message: 'not found — check the --config path' }] };
  }
  try {
    const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
    const config = module.default;
    if (typeof config !== 'object' || config === null) {
      return { config: {}, problems: [{ variable: path, message: 'must `export default defineConfig({ … })`' }] };
    }
    return { config: config as SwitchboardConfig, problems: [] };
  } catch (error) {
    return { config: {}, problems: [{ variable: path, message: `cannot be loaded: ${(error as Error).message}` }] };
  }
}
