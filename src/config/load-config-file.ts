import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from './config-schema.ts';
import type { ConfigProblem } from './read-env.ts';
import { resolveConfig } from './resolve-config.ts';

export const DEFAULT_CONFIG_PATH = 'config/switchboard.config.ts';

// What a config that could not be read resolves to (it comes with a problem, so nothing runs on it).
const EMPTY = resolveConfig({}).config as ResolvedConfig;

/**
 * Imports the config module (default export of `defineConfig`). A missing file is a problem, the
 * default one too: running with no plugins at all (no console, no Slack, no Discord) without a word
 * would look like a broken bot. The config is checked against its schema: each bad field is a
 * problem naming it (`runtime.concurrency must be a whole number ≥ 1 (got 0)`), and defaults are filled in.
 */
export async function loadConfigFile(path = DEFAULT_CONFIG_PATH, cwd = process.cwd()): Promise<{ config: ResolvedConfig; problems: ConfigProblem[] }> {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    if (path === DEFAULT_CONFIG_PATH) {
      return {
        config: EMPTY,
        problems: [{ variable: path, message: `not found in ${cwd} — create it (\`npx switchboard new-plugin <name>\` writes one listing your plugin and the bundled surfaces), or pass --config <file>` }],
      };
    }
    return { config: EMPTY, problems: [{ variable: path, message: 'not found — check the --config path' }] };
  }
  try {
    const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
    const exported = module.default;
    if (typeof exported !== 'object' || exported === null) {
      return { config: EMPTY, problems: [{ variable: path, message: 'must `export default defineConfig({ … })`' }] };
    }
    const { config, problems } = resolveConfig(exported);
    if (!config) return { config: EMPTY, problems: problems.map((p) => ({ variable: `${path}: ${p.variable}`, message: p.message })) };
    return { config, problems: [] };
  } catch (error) {
    return { config: EMPTY, problems: [{ variable: path, message: `cannot be loaded: ${(error as Error).message}` }] };
  }
}
