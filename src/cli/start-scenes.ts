import type { SandboxScene, SandboxSceneRun } from '../config/sandbox-scene.ts';
import type { Plugin } from '../core/plugins/plugin.ts';
import type { Logger } from '../observability/create-logger.ts';

/** What the scenes asked for, merged: laid over the sandbox's plugin environment, settings and plugins. */
export interface StartedScenes {
  env: Record<string, string>;
  settings: Record<string, Record<string, unknown>>;
  plugins: Plugin[];
  /** Plugin names the scenes leave out. */
  leaveOut: string[];
  stop(): Promise<void>;
}

/**
 * The names `--scene` asked for that the config does not offer (each a problem line naming the ones it does).
 *
 * @example
 * unknownScenes(['comunity'], [communityScene]); // ['no scene "comunity" — this config offers: community']
 */
export function unknownScenes(requested: readonly string[], available: readonly SandboxScene[]): string[] {
  const offered = available.map((scene) => scene.name).join(', ') || 'none (add one to sandbox.scenes of the config)';
  return requested.filter((name) => !available.some((scene) => scene.name === name)).map((name) => `no scene "${name}" — this config offers: ${offered}`);
}

/**
 * Starts the requested scenes in order against the embedded Chatwoot and merges what they hand
 * back; when one fails, those already started are stopped and the error is thrown.
 *
 * @example
 * const scenes = await startScenes(['community'], config.sandbox.scenes, { url, apiToken, accountId }, log);
 * pluginEnv = { ...pluginEnv, ...scenes.env };
 */
export async function startScenes(
  requested: readonly string[],
  available: readonly SandboxScene[],
  chatwoot: { url: string; apiToken: string; accountId: number },
  log: Logger,
): Promise<StartedScenes> {
  const runs: SandboxSceneRun[] = [];
  const stop = async () => {
    for (const run of runs.splice(0).reverse()) await run.stop().catch((error: unknown) => log.warn({ err: error }, 'sandbox: a scene did not stop cleanly'));
  };
  const merged: StartedScenes = { env: {}, settings: {}, plugins: [], leaveOut: [], stop };
  try {
    for (const name of requested) {
      const scene = available.find((candidate) => candidate.name === name);
      if (!scene) continue;
      const run = await scene.start({ chatwoot, log: log.child({ scene: name }) });
      runs.push(run);
      Object.assign(merged.env, run.env);
      for (const [plugin, settings] of Object.entries(run.settings ?? {})) merged.settings[plugin] = { ...merged.settings[plugin], ...settings };
      merged.plugins.push(...(run.plugins ?? []));
      merged.leaveOut.push(...(run.leaveOut ?? []));
      log.info(`sandbox: scene "${name}" — ${scene.description}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return merged;
}
