/**
 * One value that changes over time (e.g. the cable's status), with listeners and a promise for the
 * moment it reaches a given value.
 *
 * @example
 * const cable = createStatusWatch<CableStatus>('idle');
 * cable.set('subscribed');
 * await cable.reached('subscribed');
 */
export function createStatusWatch<S>(initial: S) {
  let current = initial;
  const listeners = new Set<(next: S) => void>();
  return {
    get: (): S => current,
    set(next: S): void {
      current = next;
      for (const listener of [...listeners]) listener(next);
    },
    /** Calls `listener` on every change; returns the unsubscribe function. */
    onChange(listener: (next: S) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Resolves at once if the value is `wanted`, else the next time it becomes so. */
    reached(wanted: S): Promise<void> {
      if (current === wanted) return Promise.resolve();
      return new Promise((resolve) => {
        const off = this.onChange((next) => {
          if (next !== wanted) return;
          off();
          resolve();
        });
      });
    },
  };
}
