import type { PluginContext } from '../../src/index.ts';

/** Lines other plugins of the same bot print on the console (e.g. what a simulated member sees). */
export interface ConsoleFeed {
  /** Prints a line on the console (made terminal-safe there); kept until the console is attached. */
  print(line: string): void;
  /** The console plugin attaches its printer; lines printed before are written now, in order. */
  attach(printer: (line: string) => void): void;
}

/**
 * The runtime's one console feed (through `ctx.shared`, so it does not matter which plugin sets up
 * first, and two bots in one process never share one).
 *
 * @example
 * consoleFeed(ctx).print('💬 Discord · Ada sees: Ann (agent): Hi!');
 */
export function consoleFeed(ctx: Pick<PluginContext<unknown>, 'shared'>): ConsoleFeed {
  return ctx.shared('console:feed', () => {
    const waiting: string[] = [];
    let printer: ((line: string) => void) | undefined;
    return {
      print(line) {
        if (printer) printer(line);
        else waiting.push(line);
      },
      attach(next) {
        printer = next;
        for (const line of waiting.splice(0)) next(line);
      },
    };
  });
}
