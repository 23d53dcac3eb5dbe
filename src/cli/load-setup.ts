import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/config-schema.ts';
import { loadConfigFile, DEFAULT_CONFIG_PATH } from '../config/load-config-file.ts';
import { loadPluginModules } from '../config/load-plugin-modules.ts';
import { readEnv, type ConfigProblem, type EnvSettings } from '../config/read-env.ts';
import type { Plugin } from '../core/plugins/plugin.ts';

export interface Setup {
  env: EnvSettings;
  /** Checked, with every default filled in. */
  config: ResolvedConfig;
  plugins: Plugin[];
}

/**
 * Everything configured, validated before anything connects: `.env` (if present), the environment,
 * the config file and every plugin module. Returns all problems at once.
 */
export async function loadSetup(options: { configPath?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ setup?: Setup; problems: ConfigProblem[] }> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  // A local .env fills in variables the real environment leaves unset (Node ≥ 20.12 reads it itself).
  const dotenv = resolve(cwd, '.env');
  if (!options.env && existsSync(dotenv)) process.loadEnvFile(dotenv);
  const { settings, problems } = readEnv(env);
  const { config, problems: configProblems } = await loadConfigFile(options.configPath ?? DEFAULT_CONFIG_PATH, cwd);
  const entries = [
    ...config.plugins.map((entry) => ({ entry, from: options.configPath ?? DEFAULT_CONFIG_PATH })),
    ...(settings?.extraPlugins ?? []).map((entry) => ({ entry, from: 'SWITCHBOARD_PLUGINS' })),
  ];
  const { plugins, problems: pluginProblems } = await loadPluginModules(entries, cwd);
  const all = [...problems, ...configProblems, ...pluginProblems];
  if (all.length > 0 || !settings) return { problems: all };
  return { setup: { env: settings, config, plugins }, problems: [] };
}
