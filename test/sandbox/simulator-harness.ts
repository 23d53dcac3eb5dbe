import { afterEach } from 'vitest';
import { createChatwootSimulator, type ChatwootSimulator, type SimulatorOptions } from '../../src/sandbox/create-chatwoot-simulator.ts';

/** Run after each test of the importing file, the last registered first. */
export const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A simulator closed after the test. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<ChatwootSimulator> {
  const sim = await createChatwootSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}
