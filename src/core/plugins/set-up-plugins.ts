import { createPluginContext, type PluginContextDeps } from './create-plugin-context.ts';
import type { Plugin } from './plugin.ts';

/** Why the boot stopped: duplicate names, invalid plugin settings, or a setup that threw. */
export class PluginBootError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PluginBootError';
  }
}

/**
 * Validates every plugin's settings against its schema (all problems at once, each naming the plugin
 * and the field), then runs the setups in order. Nothing connects before this succeeds.
 */
export async function setUpPlugins(plugins: Plugin[], settings: Record<string, unknown>, deps: PluginContextDeps): Promise<void> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const plugin of plugins) {
    if (seen.has(plugin.name)) problems.push(`plugin "${plugin.name}" is loaded twice — plugin names must be unique`);
    seen.add(plugin.name);
  }
  const configs = new Map<string, unknown>();
  for (const plugin of plugins) {
    const raw = settings[plugin.name] ?? {};
    if (!plugin.config) {
      configs.set(plugin.name, raw);
      continue;
    }
    const parsed = plugin.config.safeParse(raw);
    if (parsed.success) {
      configs.set(plugin.name, parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(settings)';
      problems.push(`plugin "${plugin.name}": settings.${plugin.name}.${field} ${issue.message}`);
    }
  }
  // Not an error: the same config serves the sandbox (console) and production (slack, discord).
  for (const name of Object.keys(settings)) {
    if (!seen.has(name)) deps.log.warn(`settings.${name} is for a plugin that is not loaded (a typo?) — ignored`);
  }
  if (problems.length > 0) throw new PluginBootError(problems);
  // One per runtime: two bots in one process (tests, several instances) never share a connection.
  const shared = deps.shared ?? new Map<string, unknown>();
  for (const plugin of plugins) {
    try {
      await plugin.setup(createPluginContext(plugin.name, configs.get(plugin.name), { ...deps, shared }));
    } catch (error) {
      throw new PluginBootError([`plugin "${plugin.name}" failed in setup: ${(error as Error)?.message ?? String(error)}`]);
    }
  }
}
