import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchboardConfig } from '../../src/index.ts';

export const RECORDER_PLUGIN = fileURLToPath(new URL('./recorder-plugin.ts', import.meta.url));

export interface SoakConfigOptions {
  recordFile: string;
  ack: boolean;
  /** Catch-up sweep period; short so a sweep follows the traffic. */
  sweepMs: number;
  /** Overrides of the shipped cable timings, only where a scenario says so. */
  cable?: SwitchboardConfig['cable'];
  /** Several instances: the lease's ttl, when a scenario shortens it. */
  leaseTtlMs?: number;
}

/**
 * Writes the config file the bot child is started with (`--config`): the recorder plugin only, its
 * settings, a short sweep. Returns its path.
 *
 * @example
 * const path = writeSoakConfig(dir, { recordFile: join(dir, 'records.jsonl'), ack: false, sweepMs: 2000 });
 */
export function writeSoakConfig(dir: string, options: SoakConfigOptions): string {
  const config: SwitchboardConfig = {
    plugins: [RECORDER_PLUGIN],
    settings: { 'soak-recorder': { file: options.recordFile, ack: options.ack } },
    runtime: { sweepMs: options.sweepMs, ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}) },
    ...(options.cable ? { cable: options.cable } : {}),
  };
  const path = join(dir, 'soak.config.mjs');
  writeFileSync(path, `// Written by the soak harness.\nexport default ${JSON.stringify(config, null, 2)};\n`);
  return path;
}
