import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlugin, type Plugin } from '../core/plugins/plugin.ts';
import type { ConfigProblem } from './read-env.ts';

/**
 * Turns plugin entries (objects, or module specifiers from the config file and SWITCHBOARD_PLUGINS)
 * into plugin objects. Paths starting with `.` or `/` are relative to `cwd`; anything else is a
 * package name. Each failure becomes a problem naming where the entry came from.
 */
export async function loadPluginModules(
  entries: Array<{ entry: Plugin | string; from: string }>,
  cwd = process.cwd(),
): Promise<{ plugins: Plugin[]; problems: ConfigProblem[] }> {
  const plugins: Plugin[] = [];
  const problems: ConfigProblem[] = [];
  for (const { entry, from } of entries) {
    if (typeof entry !== 'string') {
      if (isPlugin(entry)) plugins.push(entry);
      else problems.push({ variable: from, message: 'lists something that is not a plugin — expected { name, setup(ctx) } (use definePlugin)' });
      continue;
    }
    const isPath = entry.startsWith('.') || isAbsolute(entry);
    const absolute = isPath ? resolve(cwd, entry) : undefined;
    if (absolute && !existsSync(absolute)) {
      problems.push({ variable: from, message: `plugin "${entry}" not found (looked at ${absolute}) — paths are relative to the working directory` });
      continue;
    }
    try {
      const module = (await import(absolute ? pathToFileURL(absolute).href : entry)) as { default?: unknown };
      if (isPlugin(module.default)) plugins.push(module.default);
      else problems.push({ variable: from, message: `plugin "${entry}" has no valid default export — export default definePlugin({ name, setup(ctx) { … } })` });
    } catch (error) {
      problems.push({ variable: from, message: `plugin "${entry}" failed to load: ${(error as Error).message}` });
    }
  }
  return { plugins, problems };
}
