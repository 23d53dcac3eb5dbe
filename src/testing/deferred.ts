/** A promise with its resolve/reject exposed, for tests that decide when work finishes. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * A promise the test settles by hand: hold a fake's answer, a plugin's handler or a store write
 * open, look at the state in between, then let it go.
 *
 * @example
 * import { deferred } from 'switchboard/testing';
 *
 * const gate = deferred();
 * plugin.onMessage(() => gate.promise); // the handler waits for the test
 * // … assert what happens while it is held …
 * gate.resolve();
 */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
