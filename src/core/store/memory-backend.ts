import { storedExpiry, type Backend } from './backend.ts';

/**
 * `memory://`: one Map per Store, shared by its namespaces, gone with the process (tests, dry runs).
 *
 * @example
 * const backend = memoryBackend();
 */
export function memoryBackend(): Backend {
  const map = new Map<string, unknown>();
  return {
    adapter: {
      get: async (key) => map.get(key),
      set: async (key, value) => {
        map.set(key, value);
        return true;
      },
      delete: async (key) => map.delete(key),
    },
    async clearNamespace(name) {
      const prefix = `${name}:`;
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    },
    async prune(nowMs) {
      let removed = 0;
      for (const [key, raw] of [...map]) {
        const expires = storedExpiry(raw);
        if (expires !== undefined && expires < nowMs && map.delete(key)) removed += 1;
      }
      return removed;
    },
    async close() {
      map.clear();
    },
  };
}
