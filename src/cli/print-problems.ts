import type { ConfigProblem } from '../config/read-env.ts';

/** Exit code for a configuration the process refuses to start with. */
export const EXIT_CONFIG = 2;

/** One line per problem, naming the variable (or file) and the fix. */
export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `✗ ${p.variable}: ${p.message}`);
  return `switchboard: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was started\n${lines.join('\n')}\n`;
}
