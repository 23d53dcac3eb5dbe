import { createLogger } from '../core/logger.ts';
import { createRuntime, type Runtime } from '../core/runtime.ts';
import { PluginBootError } from '../core/set-up-plugins.ts';
import { loadPluginModules } from '../config/load-plugin-modules.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../sandbox/create-chatwoot-simulator.ts';
import { startSimulatedCustomers } from '../sandbox/simulated-customers.ts';
import { EXIT_CONFIG, formatProblems } from './print-problems.ts';
import { loadSetup } from './load-setup.ts';

export const SANDBOX_LINE =
  'sandbox: no CHATWOOT_URL, so Switchboard runs against an embedded Chatwoot simulator with simulated customers. Set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID to connect a real Chatwoot.';

/**
 * `switchboard start`: validate everything, then connect (or run the sandbox), until SIGINT/SIGTERM.
 * Returns the process exit code.
 */
export async function startCommand(options: { configPath?: string; script?: string }): Promise<number> {
  const { setup, problems } = await loadSetup({ configPath: options.configPath });
  if (!setup) {
    process.stderr.write(formatProblems(problems));
    return EXIT_CONFIG;
  }
  const log = createLogger({ level: setup.env.logLevel });
  let simulator: ChatwootSimulator | undefined;
  let stopCustomers: (() => void) | undefined;
  let chatwoot = setup.env.chatwoot;
  let plugins = setup.plugins;
  const config = { ...setup.config, settings: { ...setup.config.settings } };
  const env = { ...setup.env };
  if (!chatwoot) {
    const extra = await loadPluginModules((setup.config.sandbox?.plugins ?? []).map((entry) => ({ entry, from: 'sandbox.plugins' })));
    if (extra.problems.length > 0) {
      process.stderr.write(formatProblems(extra.problems));
      return EXIT_CONFIG;
    }
    plugins = [...plugins, ...extra.plugins];
    simulator = await createChatwootSimulator();
    chatwoot = { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId };
    // The simulated Chatwoot is new every run: a persistent ledger would point at conversations of a previous one.
    env.storeUrl ??= 'memory://';
    log.info(SANDBOX_LINE);
  }
  if (options.script) {
    if (!plugins.some((p) => p.name === 'console')) {
      process.stderr.write(formatProblems([{ variable: '--script', message: 'needs the console plugin — list it in plugins or sandbox.plugins of the config' }]));
      return EXIT_CONFIG;
    }
    const current = (config.settings['console'] ?? {}) as Record<string, unknown>;
    config.settings['console'] = { ...current, script: options.script };
  }
  const runtime: Runtime = createRuntime({ chatwoot, env, config, plugins, log });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    await simulator?.close();
    if (error instanceof PluginBootError) {
      process.stderr.write(formatProblems(error.problems.map((message) => ({ variable: 'plugins', message }))));
      return EXIT_CONFIG;
    }
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    const hint = inUse ? ` — port ${setup.env.port} is taken: set PORT to a free port` : '';
    log.fatal({ err: error }, `cannot start: ${(error as Error).message}${hint}`);
    return 1;
  }
  if (simulator && setup.config.sandbox?.customers !== false) {
    const sandbox = simulator;
    // Customers start once the cable listens, so the first conversation is not missed.
    void runtime.subscribed().then(() => {
      stopCustomers = startSimulatedCustomers(sandbox, { intervalMs: options.script ? 300 : 4_000 });
    });
  }

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  stopCustomers?.();
  await runtime.stop();
  await simulator?.close();
  // A script run sets its own verdict.
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
