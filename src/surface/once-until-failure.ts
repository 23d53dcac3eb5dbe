/**
 * Memoises an async look-up until it fails: `make` runs once and every caller shares its promise;
 * a rejection is forgotten, so the next call (an executor's retry, the next event) tries again.
 * For what a surface learns once per process — who the bot is, what a channel is, its tags.
 *
 * @example
 * const identity = onceUntilFailure(() => client.auth.test());
 * await identity(); // one auth.test, however many callers; after a failure, the next call asks again
 */
export function onceUntilFailure<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () =>
    (promise ??= make().catch((error: unknown) => {
      promise = undefined;
      throw error;
    }));
}
