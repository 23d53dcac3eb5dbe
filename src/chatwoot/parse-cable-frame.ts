/** A frame from Chatwoot's ActionCable `/cable`, classified. */
export type CableFrame =
  | { kind: 'welcome' }
  /** `at` is the server's unix-seconds clock (0 if it sent something else). */
  | { kind: 'ping'; at: number }
  | { kind: 'confirm'; identifier: string }
  | { kind: 'reject'; identifier: string }
  | { kind: 'disconnect'; reason?: string; reconnect: boolean }
  | { kind: 'message'; identifier: string; event: string; data: Record<string, unknown> }
  /** Valid JSON object of a type this client does not act on (kept for logging). */
  | { kind: 'other'; frame: Record<string, unknown> };

export type MalformedFrame = { kind: 'malformed'; error: string };

/** Larger frames are refused unread: Chatwoot's biggest payloads (conversations) are a few kB. */
export const MAX_CABLE_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * Classifies one raw cable frame with a single `JSON.parse`. Never throws: anything that is not a
 * well-formed ActionCable frame comes back as `{ kind: 'malformed', error }`.
 *
 * @example
 * const frame = parseCableFrame('{"type":"ping","message":1627060394}');
 * // → { kind: 'ping', at: 1627060394 }
 */
export function parseCableFrame(raw: string | Buffer): CableFrame | MalformedFrame {
  let text: string;
  if (typeof raw === 'string') {
    // `length` counts UTF-16 units (≤ bytes); only count bytes when it could matter.
    if (raw.length > MAX_CABLE_FRAME_BYTES || (raw.length * 3 > MAX_CABLE_FRAME_BYTES && Buffer.byteLength(raw) > MAX_CABLE_FRAME_BYTES)) {
      return malformed('frame larger than 4 MB');
    }
    text = raw;
  } else if (Buffer.isBuffer(raw)) {
    if (raw.byteLength > MAX_CABLE_FRAME_BYTES) return malformed('frame larger than 4 MB');
    text = raw.toString('utf8');
  } else {
    return malformed('frame is neither text nor a buffer');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return malformed('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return malformed('not a JSON object');
  const frame = parsed as Record<string, unknown>;

  const type = frame['type'];
  if (type !== undefined) {
    switch (type) {
      case 'welcome':
        return { kind: 'welcome' };
      case 'ping': {
        const at = typeof frame['message'] === 'number' && Number.isFinite(frame['message']) ? frame['message'] : 0;
        return { kind: 'ping', at };
      }
      case 'confirm_subscription':
      case 'reject_subscription': {
        const identifier = frame['identifier'];
        if (typeof identifier !== 'string') return malformed(`${type} without a string identifier`);
        return { kind: type === 'confirm_subscription' ? 'confirm' : 'reject', identifier };
      }
      case 'disconnect': {
        const reason = typeof frame['reason'] === 'string' ? frame['reason'] : undefined;
        const reconnect = typeof frame['reconnect'] === 'boolean' ? frame['reconnect'] : true;
        return reason === undefined ? { kind: 'disconnect', reconnect } : { kind: 'disconnect', reason, reconnect };
      }
      default:
        return { kind: 'other', frame };
    }
  }

  if ('message' in frame) {
    const identifier = frame['identifier'];
    const message = frame['message'];
    if (typeof identifier !== 'string') return malformed('message frame without a string identifier');
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return malformed('message frame whose message is not an object');
    const { event, data } = message as Record<string, unknown>;
    if (typeof event !== 'string' || event === '') return malformed('message frame without a string event');
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return malformed('message frame without object data');
    return { kind: 'message', identifier, event, data: data as Record<string, unknown> };
  }
  return { kind: 'other', frame };
}

function malformed(error: string): MalformedFrame {
  return { kind: 'malformed', error };
}
