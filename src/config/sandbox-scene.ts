import type { Plugin } from '../core/plugins/plugin.ts';
import type { Logger } from '../observability/create-logger.ts';

/** What a started scene hands the sandbox. */
export interface SandboxSceneRun {
  /** Variables the plugins see on top of the sandbox's own (`ctx.env`), e.g. a fake service's token. */
  env?: Record<string, string>;
  /** Settings by plugin name, laid over the config file's (`settings[plugin]`), e.g. a fake's API URL. */
  settings?: Record<string, Record<string, unknown>>;
  /** Plugins added for the scene, e.g. a console command that plays the outside world. */
  plugins?: Plugin[];
  /**
   * Plugins (by name) the scene leaves out, e.g. the agents' Discord plugin, which would read the
   * scene's fake Discord token as its own.
   */
  leaveOut?: string[];
  /** Called at shutdown, after the plugins stopped. */
  stop(): Promise<void>;
}

/**
 * A simulated outside world the sandbox can start on request (`npm start -- --scene <name>`):
 * started after the embedded Chatwoot and before the plugins, so the real plugins switch themselves
 * on against it as they would against the real service.
 *
 * @example
 * const scene: SandboxScene = {
 *   name: 'community',
 *   description: 'a simulated Discord community',
 *   async start({ chatwoot }) {
 *     const fake = await startFakeService();
 *     return { env: { SERVICE_TOKEN: fake.token, CHATWOOT_URL: chatwoot.url }, stop: () => fake.close() };
 *   },
 * };
 */
export interface SandboxScene {
  /** What `--scene` names it by. */
  name: string;
  /** One line for the sandbox's start-up message. */
  description: string;
  start(input: { chatwoot: { url: string; apiToken: string; accountId: number }; log: Logger }): Promise<SandboxSceneRun>;
}
