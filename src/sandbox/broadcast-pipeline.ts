/**
 * Between "Chatwoot decided to broadcast" and "frames leave the socket" sit Sidekiq and Redis, which
 * delay, duplicate and reorder in production (chatwoot-internals §2.1). This pipeline injects those
 * faults on demand; with none set it delivers synchronously.
 *
 * @example
 * const pipeline = createBroadcastPipeline((json) => fanOut(json));
 * pipeline.setDuplicate(2);
 * pipeline.push('{"event":"message.created","data":{}}'); // delivered twice
 */
export interface BroadcastPipeline {
  push(messageJson: string): void;
  setDelay(ms: number): void;
  setDuplicate(times: number): void;
  setReorder(on: boolean): void;
  reset(): void;
  close(): void;
}

export function createBroadcastPipeline(deliver: (messageJson: string) => void): BroadcastPipeline {
  let delayMs = 0;
  let times = 1;
  let reorder = false;
  let held: string | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const fanOut = (json: string): void => {
    for (let i = 0; i < times; i++) deliver(json);
  };
  const emit = (json: string): void => {
    if (delayMs <= 0) return fanOut(json);
    const timer = setTimeout(() => {
      timers.delete(timer);
      fanOut(json);
    }, delayMs);
    timers.add(timer);
  };
  const flushHeld = (): void => {
    if (held === undefined) return;
    const json = held;
    held = undefined;
    emit(json);
  };

  return {
    push(json) {
      if (!reorder) return emit(json);
      if (held === undefined) {
        held = json;
        return;
      }
      const first = held;
      held = undefined;
      emit(json);
      emit(first);
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    setDuplicate(n) {
      times = Math.max(1, Math.floor(n));
    },
    setReorder(on) {
      reorder = on;
      // A lone held broadcast would otherwise be lost for good.
      if (!on) flushHeld();
    },
    reset() {
      delayMs = 0;
      times = 1;
      reorder = false;
      flushHeld();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      held = undefined;
    },
  };
}
