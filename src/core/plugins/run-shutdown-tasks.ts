import type { Logger } from '../../observability/logger.ts';

export interface ShutdownTask {
  plugin: string;
  task: () => Promise<void> | void;
}

/**
 * Plugins' shutdown work (`ctx.onShutdown`), concurrently, each bounded to `limitMs`; failures and
 * overruns are logged, never thrown, so one plugin cannot hold the process.
 */
export async function runShutdownTasks(tasks: ShutdownTask[], log: Logger, limitMs = 5_000): Promise<void> {
  await Promise.all(
    tasks.map(async ({ plugin, task }) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limitMs)));
      try {
        if ((await Promise.race([Promise.resolve(task()), timeout])) === 'timeout') log.warn({ plugin }, `plugin shutdown took more than ${limitMs / 1000} s; going on`);
      } catch (error) {
        log.warn({ plugin, err: (error as Error).message }, 'plugin shutdown failed');
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
