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

export const SANDBOX_LINE =
  'sandbox: no CHATWOOT_URL, so Switchboard runs against an embedded Chatwoot simulator with simulated customers. Set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID to connect a real Chatwoot.';

/** Exit code after losing the lease to another instance (EX_TEMPFAIL): restart me as a standby. */
const EXIT_DEPOSED = 75;

/**
 * `switchboard start`: validate everything, then connect (or run the sandbox — never with
 * NODE_ENV=production), until SIGINT/SIGTERM. Returns the process exit code: 2 for a configuration
 * the process refuses, including a permanent refusal by Chatwoot at boot.
 */
export async function startCommand(options: { configPath?: string; script?: string }): Promise<number> {
  const { setup, problems } = await loadSetup({ configPath: options.configPath });
  if (!setup) {
    process.stderr.write(formatProblems(problems));
    return EXIT_CONFIG;
  }
  const log = createLogger({ level: setup.env.logLevel });
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
    await simulator?.close();
    return 0;
  }
  if (outcome !== 'started') {
    const error = outcome;
    await runtime.stop().catch(() => undefined);
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
  await simulator?.close();
  // A script run sets its own verdict.
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
