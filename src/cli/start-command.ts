import { createLogger } from '../observability/create-logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createRuntime, type Runtime } from '../app/create-runtime.ts';
import { PluginBootError } from '../core/plugins/set-up-plugins.ts';
import { ChatwootBootError } from '../app/wait-for-chatwoot.ts';
import { loadPluginModules } from '../config/load-plugin-modules.ts';
import type { ChatwootSimulator } from '../sandbox/create-chatwoot-simulator.ts';
import type { SimulatedCustomers } from '../sandbox/simulated-customers.ts';
import { EXIT_CONFIG, formatProblems } from './print-problems.ts';
import { loadSetup } from './load-setup.ts';
import { sandboxPluginEnv } from './sandbox-surfaces.ts';
import { startScenes, unknownScenes, type StartedScenes } from './start-scenes.ts';

export const SANDBOX_LINE =
  'sandbox: no CHATWOOT_URL, so Switchboard runs against an embedded Chatwoot simulator with simulated customers. Set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID to connect a real Chatwoot.';

/** Exit code after losing the lease to another instance (EX_TEMPFAIL): restart me as a standby. */
const EXIT_DEPOSED = 75;

/**
 * `switchboard start`: validate everything, then connect (or run the sandbox — never with
 * NODE_ENV=production), until SIGINT/SIGTERM. Returns the process exit code: 2 for a configuration
 * the process refuses, including a permanent refusal by Chatwoot at boot.
 */
export async function startCommand(options: { configPath?: string; script?: string; scenes?: string[] }): Promise<number> {
  const { setup, problems } = await loadSetup({ configPath: options.configPath });
  if (!setup) {
    process.stderr.write(formatProblems(problems));
    return EXIT_CONFIG;
  }
  const requestedScenes = options.scenes ?? [];
  const sceneProblems = setup.env.chatwoot && requestedScenes.length > 0 ? ['needs the sandbox: unset CHATWOOT_URL'] : unknownScenes(requestedScenes, setup.config.sandbox.scenes);
  if (sceneProblems.length > 0) {
    process.stderr.write(formatProblems(sceneProblems.map((message) => ({ variable: '--scene', message }))));
    return EXIT_CONFIG;
  }
  const log = createLogger({ level: setup.env.logLevel });
  let scenes: StartedScenes | undefined;
  let simulator: ChatwootSimulator | undefined;
  let customers: SimulatedCustomers | undefined;
  let chatwoot = setup.env.chatwoot;
  let plugins = setup.plugins;
  let pluginEnv: Readonly<Record<string, string | undefined>> = process.env;
  const config = { ...setup.config, settings: { ...setup.config.settings } };
  const env = { ...setup.env };
  if (!chatwoot) {
    const extra = await loadPluginModules(setup.config.sandbox.plugins.map((entry) => ({ entry, from: 'sandbox.plugins' })));
    if (extra.problems.length > 0) {
      process.stderr.write(formatProblems(extra.problems));
      return EXIT_CONFIG;
    }
    // Loaded only for the sandbox: a real deployment neither starts nor carries the simulator.
    const { createChatwootSimulator } = await import('../sandbox/create-chatwoot-simulator.ts');
    const { createSandboxPlugin } = await import('../sandbox/sandbox-plugin.ts');
    simulator = await createChatwootSimulator();
    const sandbox = simulator;
    plugins = [...plugins, ...extra.plugins, createSandboxPlugin({ simulator: sandbox, customers: () => customers })];
    chatwoot = { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId };
    // The simulated Chatwoot is new every run: a persistent ledger would point at conversations of a previous one.
    env.storeUrl ??= 'memory://';
    log.info(SANDBOX_LINE);
    const surfaces = sandboxPluginEnv(process.env, setup.env.sandboxSurfaces);
    pluginEnv = surfaces.env;
    if (surfaces.withheld.length > 0) {
      const names = surfaces.withheld.join(' and ');
      log.warn(`sandbox: ${names} stay off although credentials are set, so simulated customers never reach real channels; SWITCHBOARD_SANDBOX_SURFACES=${surfaces.withheld.join(',')} switches them on`);
    }
    // Scenes are simulated outside worlds: their variables and settings switch real plugins on against them.
    try {
      scenes = await startScenes(requestedScenes, setup.config.sandbox.scenes, chatwoot, log);
    } catch (error) {
      log.fatal({ err: error }, `sandbox: a scene could not start: ${(error as Error).message}`);
      await simulator.close();
      return 1;
    }
    pluginEnv = { ...pluginEnv, ...scenes.env };
    for (const [plugin, settings] of Object.entries(scenes.settings)) config.settings[plugin] = { ...(config.settings[plugin] as Record<string, unknown> | undefined), ...settings };
    const left = scenes.leaveOut;
    if (plugins.some((plugin) => left.includes(plugin.name))) log.info(`sandbox: the scene leaves out ${left.join(', ')}`);
    // A plugin the config already loads (e.g. discord-community) is not loaded twice.
    plugins = [...plugins.filter((plugin) => !left.includes(plugin.name)), ...scenes.plugins.filter((plugin) => !plugins.some((loaded) => loaded.name === plugin.name))];
    const offered = setup.config.sandbox.scenes.filter((scene) => !requestedScenes.includes(scene.name));
    if (offered.length > 0) log.info(`sandbox: more to see — ${offered.map((scene) => `npm start -- --scene ${scene.name} (${scene.description})`).join('; ')}`);
  }
  if (options.script) {
    if (!plugins.some((p) => p.name === 'console')) {
      process.stderr.write(formatProblems([{ variable: '--script', message: 'needs the console plugin — list it in plugins or sandbox.plugins of the config' }]));
      return EXIT_CONFIG;
    }
    const current = (config.settings['console'] ?? {}) as Record<string, unknown>;
    config.settings['console'] = { ...current, script: options.script };
  }
  let deposed: ((reason: string) => void) | undefined;
  const runtime: Runtime = createRuntime({
    onDeposed: (reason) => deposed?.(reason),
    chatwoot,
    env,
    config,
    plugins,
    log,
    pluginEnv,
    metrics: createMetrics({ processMetrics: true }),
    sandbox: simulator !== undefined,
    ...(setup.env.host ? { host: setup.env.host } : {}),
  });

  // Signals are handled from the start: a SIGTERM while Chatwoot is still being reached stops cleanly.
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      stopping = true;
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    // Another instance took this account over: stop, and let the process manager restart us as a standby.
    deposed = (reason) => {
      process.exitCode = EXIT_DEPOSED;
      shutdown(`deposed: ${reason}`);
    };
  });
  const starting = runtime.start();
  const outcome = await Promise.race([starting.then(() => 'started' as const, (error: unknown) => error), stopped.then(() => 'signal' as const)]);
  if (outcome === 'signal') {
    await runtime.stop();
    await starting.catch(() => undefined);
    await scenes?.stop();
    await simulator?.close();
    return 0;
  }
  if (outcome !== 'started') {
    const error = outcome;
    await runtime.stop().catch(() => undefined);
    await scenes?.stop();
    await simulator?.close();
    if (error instanceof PluginBootError) {
      process.stderr.write(formatProblems(error.problems.map((message) => ({ variable: 'plugins', message }))));
      return EXIT_CONFIG;
    }
    if (error instanceof ChatwootBootError) {
      process.stderr.write(`switchboard: Chatwoot refused the configuration; nothing was started\n${error.line}\n`);
      return EXIT_CONFIG;
    }
    if (stopping) return 0;
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    const hint = inUse ? ` — port ${setup.env.port} is taken: set PORT to a free port` : '';
    log.fatal({ err: error }, `cannot start: ${(error as Error).message}${hint}`);
    return 1;
  }
  if (simulator && setup.config.sandbox.customers) {
    const sandbox = simulator;
    const { startSimulatedCustomers } = await import('../sandbox/simulated-customers.ts');
    // Customers start once the cable listens, so the first conversation is not missed.
    void runtime.subscribed().then(() => {
      if (!stopping) customers = startSimulatedCustomers(sandbox, { intervalMs: options.script ? 300 : 4_000, ...(options.script ? { answerChance: 0 } : {}) });
    });
  }

  await stopped;
  customers?.stop();
  await runtime.stop();
  await scenes?.stop();
  await simulator?.close();
  // A script run sets its own verdict.
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
