import { configSchema, type ResolvedConfig } from './config-schema.ts';
import type { SwitchboardConfig } from './define-config.ts';
import type { ConfigProblem } from './read-env.ts';

/** A configuration that does not pass its schema: one problem per field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.message}`).join('\n'));
  }
}

/**
 * Checks a configuration and fills in its defaults. Never throws: every problem names its field
 * (`runtime.concurrency`, `cable.staleAfterMs`…) and says what is wrong.
 *
 * @example
 * const { config, problems } = resolveConfig({ runtime: { concurrency: 0 } });
 * // problems: [{ variable: 'runtime.concurrency', message: 'must be a whole number ≥ 1 (got 0)' }]
 */
export function resolveConfig(input: unknown): { config?: ResolvedConfig; problems: ConfigProblem[] } {
  const parsed = configSchema.safeParse(input ?? {});
  if (parsed.success) return { config: parsed.data, problems: [] };
  const problems = parsed.error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ variable: path ? `${path}.${key}` : key, message: 'is not a Switchboard setting (a typo?) — see SwitchboardConfig' }));
    }
    return [{ variable: path || '(config)', message: issue.message }];
  });
  return { problems };
}

/**
 * {@link resolveConfig} for code that builds its configuration itself (`createRuntime`, tests):
 * throws a {@link ConfigError} naming every bad field.
 *
 * @example
 * const config = parseConfig(options.config); // config.runtime.sweepMs === 300_000 when unset
 */
export function parseConfig(input: SwitchboardConfig | undefined): ResolvedConfig {
  const { config, problems } = resolveConfig(input);
  if (!config) throw new ConfigError(problems);
  return config;
}
