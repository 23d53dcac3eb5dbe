import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { track } from './child-registry.ts';
import { fetchReadiness, type Readiness } from './read-readiness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BotLaunch {
  configPath: string;
  chatwoot: { url: string; apiToken: string; accountId: number };
  storeUrl: string;
  port: number;
  /** stdout and stderr are appended here, for diagnosis. */
  logFile: string;
}

export interface BotProcess {
  pid: number;
  port: number;
  startedAt: number;
  /** Resolves once the process is gone (any reason). */
  exited: Promise<void>;
  running(): boolean;
  /** `kill -9`; resolves with the moment the signal was sent, once the process is gone. */
  kill9(): Promise<number>;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  readiness(): Promise<Readiness | undefined>;
}

/**
 * Starts the bot exactly as a user does — `node bin/switchboard.js start --config <file>` — with
 * Chatwoot, the store and the port from the environment, LOG_LEVEL=warn, output to a file.
 *
 * @example
 * const bot = startBot({ configPath, chatwoot: { url: sim.url, apiToken, accountId: 1 }, storeUrl: 'sqlite:///tmp/s.sqlite', port, logFile });
 * await bot.kill9();
 */
export function startBot(launch: BotLaunch): BotProcess {
  const out = openSync(launch.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['bin/switchboard.js', 'start', '--config', launch.configPath], {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        CHATWOOT_URL: launch.chatwoot.url,
        CHATWOOT_API_TOKEN: launch.chatwoot.apiToken,
        CHATWOOT_ACCOUNT_ID: String(launch.chatwoot.accountId),
        STORE_URL: launch.storeUrl,
        PORT: String(launch.port),
        LOG_LEVEL: 'warn',
      },
    });
  } finally {
    closeSync(out); // the child holds its own copy
  }
  track(child);
  if (child.pid === undefined) throw new Error('the bot process did not start');
  const exited = once(child, 'exit').then(() => undefined);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    pid: child.pid,
    port: launch.port,
    startedAt: Date.now(),
    exited,
    running,
    async kill9() {
      const at = Date.now();
      if (running()) child.kill('SIGKILL');
      await exited;
      return at;
    },
    async stop(graceMs = 15_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      if (running()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    readiness: () => fetchReadiness(launch.port),
  };
}
