import type { Keyv } from 'keyv';
import type { Store } from '../../src/core/store/create-store.ts';

const WRITES = new Set(['set', 'setMany', 'delete', 'deleteMany', 'clear']);

/**
 * A view of a store that can "crash": after `crash()`, every write through it is silently lost, as
 * if the process had been killed (`kill -9`) at that instant — reads still work, so a graceful
 * `stop()` can run without persisting anything. A second view over the same store is the restart.
 *
 * @example
 * const disk = await createStore('memory://');
 * const first = crashableStore(disk);
 * // … run a bot on `first`, then
 * first.crash();
 * const second = crashableStore(disk); // the restarted process
 */
export function crashableStore(store: Store): Store & { crash(): void } {
  let crashed = false;
  const views = new Map<string, Keyv>();
  const view = (keyv: Keyv): Keyv =>
    new Proxy(keyv, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (typeof property === 'string' && WRITES.has(property)) {
          return (...args: unknown[]) => (crashed ? Promise.resolve(true) : (value as (...a: unknown[]) => unknown).apply(target, args));
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
      set(target, property, value) {
        return Reflect.set(target, property, value);
      },
    });
  return {
    url: store.url,
    displayUrl: store.displayUrl,
    namespace(name) {
      let found = views.get(name);
      if (!found) views.set(name, (found = view(store.namespace(name))));
      return found;
    },
    prune: () => (crashed ? Promise.resolve(0) : (store.prune?.() ?? Promise.resolve(0))),
    close: async () => {},
    crash() {
      crashed = true;
    },
  };
}
