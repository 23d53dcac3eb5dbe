/** What the soak reads from the bot's `GET /readyz` to know it is quiet. */
export interface Readiness {
  ready: boolean;
  cable: string | undefined;
  /** single, standby, active or deposed (several instances on one Redis). */
  role: string | undefined;
  outboxPending: number;
  busQueued: number;
  busRunning: number;
  /** `at` is when the last finished pass started (bot clock, Unix ms). */
  lastCatchUp: { at: number; messages: number; error?: string } | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN);

/**
 * Reads the counters from a `/readyz` body. The details may sit at the top level (today) or under
 * `details`; unknown extra fields are ignored; a missing counter reads as NaN, which never counts
 * as quiet.
 *
 * @example
 * parseReadiness({ ready: true, outboxPending: 0, bus: { queued: 0, running: 0 }, lastCatchUp: { at: 1, messages: 0 } });
 */
export function parseReadiness(body: unknown): Readiness | undefined {
  if (!isRecord(body)) return undefined;
  const details = isRecord(body['details']) ? body['details'] : body;
  const bus = isRecord(details['bus']) ? details['bus'] : {};
  const last = details['lastCatchUp'];
  return {
    ready: body['ready'] === true,
    cable: typeof details['cable'] === 'string' ? details['cable'] : undefined,
    role: typeof details['role'] === 'string' ? details['role'] : undefined,
    outboxPending: num(details['outboxPending']),
    busQueued: num(bus['queued']),
    busRunning: num(bus['running']),
    lastCatchUp: isRecord(last) && Number.isFinite(num(last['at']))
      ? {
          at: num(last['at']),
          messages: num(last['messages']),
          ...(typeof last['error'] === 'string' ? { error: last['error'] } : {}),
        }
      : undefined,
  };
}

/** GET /readyz on the bot's loopback port; undefined when it does not answer (booting, killed). */
export async function fetchReadiness(port: number, timeoutMs = 2_000): Promise<Readiness | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    return parseReadiness(await res.json());
  } catch {
    return undefined;
  }
}

/** Nothing queued, running or pending, and a catch-up pass that started after `since` finished cleanly. */
export function isQuiet(r: Readiness, since: number): boolean {
  return (
    r.outboxPending === 0 &&
    r.busQueued === 0 &&
    r.busRunning === 0 &&
    r.lastCatchUp !== undefined &&
    r.lastCatchUp.error === undefined &&
    r.lastCatchUp.at > since
  );
}
