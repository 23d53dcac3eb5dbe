/**
 * A small deterministic PRNG (32-bit LCG) returning numbers in [0, 1), so fault injection that fails
 * "20 % of calls" picks the same calls on every run with the same seed.
 *
 * @example
 * const random = seededRandom(42);
 * const sim = await createChatwootSimulator({ random });
 * sim.faults.failRest({ status: 503, ratio: 0.2, times: Infinity });
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
