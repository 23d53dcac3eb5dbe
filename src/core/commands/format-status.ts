import { formatStatusLines } from './format-conversation.ts';

const CABLE: Record<string, string> = {
  subscribed: 'live (subscribed to RoomChannel)',
  subscribing: 'subscribing…',
  connecting: 'connecting…',
  waiting: 'reconnecting (waiting before the next try)',
  idle: 'not connected yet',
  stopped: 'stopped',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const SYNC: Record<string, string> = {
  in_sync: 'in sync (every message since the last reconnect delivered)',
  catching_up: 'catching up (re-reading what arrived while disconnected)',
  behind: 'behind (not connected)',
};

/** `Instance: active (web-1-4711-a1b2c3)`, or a standby naming the active one; nothing for a single instance. */
function instanceLine(role: unknown, instance: unknown): string | undefined {
  if (typeof role !== 'string' || role === 'single') return undefined;
  const info = (instance ?? {}) as { instance?: unknown; activeInstance?: unknown };
  const me = typeof info.instance === 'string' ? ` (${info.instance})` : '';
  const active = typeof info.activeInstance === 'string' ? info.activeInstance.replace(/:(\d+)$/, ', fencing token $1') : 'unknown';
  if (role === 'active') return `Instance: active${me}; the others stand by`;
  if (role === 'standby') return `Instance: standby${me}; active: ${active}`;
  return `Instance: ${role}${me} — lost the lease to ${active}; this process stops`;
}

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 days ago`. */
function formatSince(atMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - atMs) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${plural(Math.floor(seconds / 86_400), 'day')} ago`;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const toMs = (value: unknown) => (value instanceof Date ? value.getTime() : num(value));

/**
 * The bridge health as sentences in human units (`Last catch-up: 5 min ago, 3 missed messages
 * re-read`). Keys it does not know are shown as `key: value` lines.
 *
 * @example
 * formatStatus({ cable: 'subscribed', pausedPlugins: [] }, Date.now()); // ['Chatwoot: live (subscribed to RoomChannel)', 'Plugins: all running']
 */
export function formatStatus(status: Record<string, unknown>, nowMs: number): string[] {
  const lines: string[] = [];
  const rest: Record<string, unknown> = {};
  const { mode, cable, pausedPlugins, outboxPending, outboxFailures, bus, lastCatchUp, role, instance, sync, ...others } = status;
  Object.assign(rest, others);
  if (typeof mode === 'string') lines.push(`Mode: ${mode}`);
  const line = instanceLine(role, instance);
  if (line) lines.push(line);
  if (typeof sync === 'string') lines.push(`Catch-up: ${SYNC[sync] ?? sync}`);
  if (typeof cable === 'string') lines.push(`Chatwoot: ${CABLE[cable] ?? cable}`);
  if (Array.isArray(pausedPlugins)) {
    lines.push(pausedPlugins.length ? `Plugins paused after repeated failures: ${pausedPlugins.join(', ')} (resume <plugin> starts one again)` : 'Plugins: all running');
  }
  const pending = num(outboxPending);
  const failed = num(outboxFailures);
  if (pending !== undefined || failed !== undefined) {
    lines.push(`Writes to Chatwoot: ${pending ?? 0} waiting to be delivered${failed ? `, ${failed} given up` : ''}`);
  }
  if (bus && typeof bus === 'object') {
    const b = bus as Record<string, unknown>;
    const parts = [`${num(b['delivered']) ?? 0} handled`, `${num(b['failed']) ?? 0} failed`];
    if (num(b['timedOut'])) parts.push(`${num(b['timedOut'])} timed out`);
    if (num(b['queued'])) parts.push(`${num(b['queued'])} queued`);
    if (num(b['running'])) parts.push(`${num(b['running'])} running now`);
    if (num(b['skipped'])) parts.push(`${num(b['skipped'])} skipped (paused plugins)`);
    lines.push(`Plugin calls: ${parts.join(', ')}`);
  }
  if ('lastCatchUp' in status) {
    const last = lastCatchUp as { at?: unknown; messages?: unknown; error?: unknown } | undefined | null;
    const at = toMs(last?.at);
    if (!last || at === undefined) lines.push('Last catch-up: none yet');
    else if (typeof last.error === 'string') lines.push(`Last catch-up: ${formatSince(at, nowMs)}, failed: ${last.error}`);
    else lines.push(`Last catch-up: ${formatSince(at, nowMs)}, ${plural(num(last.messages) ?? 0, 'missed message')} re-read`);
  }
  return [...lines, ...formatStatusLines(rest)];
}
