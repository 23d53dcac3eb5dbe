import WebSocket from 'ws';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { createDropReporter, type ReporterTimers } from '../drop-reporter.ts';
import { parseCableFrame } from '../parse-cable-frame.ts';
import { presenceCommand, roomIdentifier, subscribeCommand } from '../cable-commands.ts';
import { createBackoff } from './backoff.ts';
import { cableEndpoint } from './cable-url.ts';
import { closeSocket, errorSummary } from './close-socket.ts';
import type { CableCredentials, GetCredentials } from './credentials.ts';
import { startPresenceHeartbeat } from './presence-heartbeat.ts';

export type CableStatus = 'idle' | 'connecting' | 'subscribing' | 'subscribed' | 'waiting' | 'stopped';

export interface CableEvent {
  event: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

export interface CableClientOptions {
  chatwootUrl: string;
  accountId: number;
  getCredentials: GetCredentials;
  /** Called for every RoomChannel event of this account, in arrival order. */
  onEvent: (event: CableEvent) => void;
  /** Called after each confirmed subscription (boot and every reconnect): the place for catch-up. */
  onSubscribed?: () => void;
  onStatus?: (status: CableStatus) => void;
  log: Logger;
  metrics: Metrics;
  presenceIntervalMs?: number;
  confirmTimeoutMs?: number;
  staleAfterMs?: number;
  backoff?: { baseMs?: number; capMs?: number; stableAfterMs?: number };
  /** Re-read the profile this often to notice a rotated pubsub token (0 = never). */
  profileRefreshMs?: number;
  random?: () => number;
  now?: () => number;
  /** Timers of the once-a-minute malformed-frame summary (tests drive them). */
  reporterTimers?: ReporterTimers;
}

/** The cable's timings the config can set (`cable.*`). */
export const CABLE_DEFAULTS = { confirmTimeoutMs: 10_000, staleAfterMs: 6_000, profileRefreshMs: 5 * 60_000 } as const;

export const NOT_CONFIRMED_MESSAGE =
  'subscription not confirmed: check CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID; the user must be an administrator or a member of the inboxes';

const PROTOCOLS = ['actioncable-v1-json', 'actioncable-unsupported'];

/**
 * One live RoomChannel subscription that keeps itself alive: subscribes after `welcome`, times out a
 * silent non-confirmation, reconnects on stale sockets with backoff, keeps the agent online, and
 * notices a rotated pubsub token. It never throws after `start()`; everything is logged and retried.
 *
 * @example
 * const cable = createCableClient({ chatwootUrl, accountId: 1, getCredentials, onEvent: (e) => console.log(e.event), log, metrics });
 * cable.start();
 * // … later
 * await cable.stop();
 */
export function createCableClient(options: CableClientOptions) {
  const {
    accountId,
    log,
    metrics,
    presenceIntervalMs = 15_000,
    confirmTimeoutMs = CABLE_DEFAULTS.confirmTimeoutMs,
    staleAfterMs = CABLE_DEFAULTS.staleAfterMs,
    profileRefreshMs = CABLE_DEFAULTS.profileRefreshMs,
    now = Date.now,
  } = options;
  const endpoint = cableEndpoint(options.chatwootUrl);
  const backoff = createBackoff({ ...options.backoff, random: options.random });
  const stableAfterMs = options.backoff?.stableAfterMs ?? 60_000;

  let status: CableStatus = 'idle';
  let socket: WebSocket | undefined;
  let stopped = false;
  let paused = false;
  let refreshCredentials = false;
  let subscribedAt: number | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  // By time, not by count: the first bad frame is logged at once, then one summary a minute per reason.
  const malformed = createDropReporter({ log, message: 'malformed cable frames ignored', now, ...(options.reporterTimers ? { timers: options.reporterTimers } : {}) });
  // Label lookups hash on every call; bound children are cheap on the per-frame path.
  const frameCounters = new Map<string, { inc(): void }>();
  const frameCounter = (kind: string) => {
    let counter = frameCounters.get(kind);
    if (!counter) frameCounters.set(kind, (counter = metrics.cableFrames.labels({ type: kind })));
    return counter;
  };
  // Timers that belong to the current socket; cleared together when it goes away.
  let connectionTimers: { stale?: NodeJS.Timeout; confirm?: NodeJS.Timeout; refresh?: NodeJS.Timeout; stopPresence?: () => void } = {};

  const setStatus = (next: CableStatus) => {
    if (status === next) return;
    status = next;
    metrics.cableSubscribed.set(next === 'subscribed' ? 1 : 0);
    options.onStatus?.(next);
  };

  const clearConnectionTimers = () => {
    clearTimeout(connectionTimers.stale);
    clearTimeout(connectionTimers.confirm);
    clearInterval(connectionTimers.refresh);
    connectionTimers.stopPresence?.();
    connectionTimers = {};
  };

  // One timer per socket, re-armed lazily: resetting a timer on every frame would cost more than
  // parsing the frame. The timer fires, checks the last frame's time, and waits the remainder.
  let lastFrameAt = 0;
  const armStale = (ws: WebSocket) => {
    lastFrameAt = now();
    if (paused || connectionTimers.stale) return;
    const check = () => {
      const silentFor = now() - lastFrameAt;
      if (silentFor < staleAfterMs) {
        connectionTimers.stale = setTimeout(check, staleAfterMs - silentFor);
        return;
      }
      connectionTimers.stale = undefined;
      log.warn({ staleAfterMs }, `no frame from Chatwoot for ${staleAfterMs / 1000} s (pings stopped): reconnecting`);
      metrics.reconnects.inc({ reason: 'stale' });
      ws.terminate();
    };
    connectionTimers.stale = setTimeout(check, staleAfterMs);
  };

  const scheduleReconnect = (reason: string) => {
    if (stopped || reconnectTimer) return;
    if (subscribedAt !== undefined && now() - subscribedAt >= stableAfterMs) backoff.reset();
    subscribedAt = undefined;
    const delayMs = backoff.next();
    setStatus('waiting');
    log.info({ reason, delayMs, attempt: backoff.attempt }, `cable reconnect in ${delayMs} ms`);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delayMs);
  };

  const onSubscribed = (ws: WebSocket, identifier: string, credentials: CableCredentials) => {
    clearTimeout(connectionTimers.confirm);
    subscribedAt = now();
    setStatus('subscribed');
    log.info({ accountId, userId: credentials.userId }, 'subscribed to RoomChannel');
    connectionTimers.stopPresence = startPresenceHeartbeat(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(presenceCommand(identifier));
      metrics.presenceSent.inc();
    }, presenceIntervalMs);
    if (profileRefreshMs > 0) {
      connectionTimers.refresh = setInterval(() => void checkRotation(ws, credentials), profileRefreshMs);
      connectionTimers.refresh.unref();
    }
    try {
      options.onSubscribed?.();
    } catch (error) {
      log.error({ err: error }, 'onSubscribed hook failed');
    }
  };

  const checkRotation = async (ws: WebSocket, current: CableCredentials) => {
    try {
      const fresh = await options.getCredentials({ refresh: true });
      if (fresh.pubsubToken !== current.pubsubToken || fresh.userId !== current.userId) {
        log.info('pubsub token rotated (password change?): resubscribing with the new one');
        metrics.reconnects.inc({ reason: 'token_rotated' });
        backoff.reset();
        ws.close(1000, 'token rotated');
      }
    } catch (error) {
      log.warn({ err: errorSummary(error) }, 'could not re-read the Chatwoot profile; keeping the current subscription');
    }
  };

  const handleFrame = (ws: WebSocket, raw: WebSocket.RawData, identifier: string, credentials: CableCredentials) => {
    armStale(ws);
    const frame = parseCableFrame(raw as Buffer);
    frameCounter(frame.kind).inc();
    switch (frame.kind) {
      case 'malformed':
        metrics.malformedInput.inc({ source: 'cable' });
        malformed.report(frame.error);
        return;
      case 'welcome':
        setStatus('subscribing');
        ws.send(subscribeCommand(identifier));
        clearTimeout(connectionTimers.confirm);
        connectionTimers.confirm = setTimeout(() => {
          log.error({ accountId, userId: credentials.userId, confirmTimeoutMs }, NOT_CONFIRMED_MESSAGE);
          metrics.reconnects.inc({ reason: 'not_confirmed' });
          refreshCredentials = true;
          // Chatwoot ignores a second subscribe with the same identifier on this socket: retry on a fresh one.
          ws.terminate();
        }, confirmTimeoutMs);
        return;
      case 'confirm':
        if (frame.identifier === identifier) onSubscribed(ws, identifier, credentials);
        return;
      case 'reject':
        log.error({ accountId }, 'subscription rejected by Chatwoot (RoomChannel unknown on this server?): retrying');
        metrics.reconnects.inc({ reason: 'rejected' });
        ws.close(1000, 'rejected');
        return;
      case 'disconnect':
        if (frame.reason === 'unauthorized') refreshCredentials = true;
        if (frame.reconnect) log.warn({ reason: frame.reason }, 'Chatwoot closed the cable; reconnecting');
        else log.error({ reason: frame.reason }, 'Chatwoot closed the cable and asked not to reconnect; re-reading the profile and retrying with backoff');
        if (!frame.reconnect) refreshCredentials = true;
        metrics.reconnects.inc({ reason: `disconnect_${frame.reason ?? 'unknown'}` });
        ws.close(1000, 'server disconnect');
        return;
      case 'message': {
        if (frame.identifier !== identifier) return;
        const eventAccount = frame.data['account_id'];
        if (eventAccount !== undefined && eventAccount !== null && Number(eventAccount) !== accountId) {
          metrics.droppedEvents.inc({ reason: 'other_account' });
          return;
        }
        options.onEvent({ event: frame.event, data: frame.data, receivedAt: lastFrameAt });
        return;
      }
      default:
        return;
    }
  };

  const connect = async () => {
    if (stopped) return;
    setStatus('connecting');
    let credentials: CableCredentials;
    try {
      credentials = await options.getCredentials({ refresh: refreshCredentials });
      refreshCredentials = false;
    } catch (error) {
      log.error({ err: errorSummary(error) }, `cannot read the Chatwoot profile: ${errorSummary(error)}`);
      scheduleReconnect('profile_error');
      return;
    }
    if (stopped) return;
    const identifier = roomIdentifier({ pubsubToken: credentials.pubsubToken, accountId, userId: credentials.userId });
    const ws = new WebSocket(endpoint.url, PROTOCOLS, { origin: endpoint.origin, handshakeTimeout: confirmTimeoutMs });
    socket = ws;
    ws.on('open', () => armStale(ws));
    ws.on('message', (raw) => handleFrame(ws, raw, identifier, credentials));
    ws.on('error', (error) => log.warn({ err: errorSummary(error) }, `cable error: ${errorSummary(error)}`));
    ws.on('close', (code) => {
      clearConnectionTimers();
      if (socket === ws) socket = undefined;
      if (!stopped) scheduleReconnect(`closed_${code}`);
    });
  };

  return {
    start(): void {
      if (status !== 'idle') return;
      void connect();
    },
    /** Stops presence and closes the socket with 1000. Resolves once it is closed. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearConnectionTimers();
      malformed.stop();
      const ws = socket;
      setStatus('stopped');
      if (ws) await closeSocket(ws);
    },
    /** Stop reading frames (backpressure); pings are not awaited meanwhile. */
    pause(): void {
      paused = true;
      clearTimeout(connectionTimers.stale);
      connectionTimers.stale = undefined;
      socket?.pause();
    },
    resume(): void {
      paused = false;
      if (socket) {
        socket.resume();
        armStale(socket);
      }
    },
    status: (): CableStatus => status,
  };
}

export type CableClient = ReturnType<typeof createCableClient>;
