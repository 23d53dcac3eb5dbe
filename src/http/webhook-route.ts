import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDropReporter, type ReporterTimers } from '../chatwoot/drop-reporter.ts';
import { createEventGate } from '../chatwoot/event-gate.ts';
import type { AnyEvent } from '../chatwoot/events.ts';
import { normalizeWebhookEvent } from '../chatwoot/normalize-webhook-event.ts';
import { verifyWithAnySecret, webhookSecrets } from '../chatwoot/webhook-signature.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RouteHandler } from '../core/plugins/route-handler.ts';
import { sendJson } from './send-json.ts';

export interface WebhookRouteOptions {
  /**
   * `CHATWOOT_WEBHOOK_SECRET`: one secret, or several separated by commas (an account webhook and
   * API inboxes each sign with their own). When set, every delivery must carry a valid signature.
   */
  secret?: string;
  /** Accept unsigned deliveries when no secret is set (Chatwoot < 4.12/4.13 signs nothing). */
  allowUnsigned?: boolean;
  /** CHATWOOT_ACCOUNT_ID: a delivery about another account is answered 200 and dropped (counted). */
  accountId: number;
  /** Called once per accepted delivery, after the 200 has been sent. */
  onEvent: (event: AnyEvent) => void;
  log: Logger;
  metrics: Metrics;
  /** Unix milliseconds. */
  now?: () => number;
  maxBodyBytes?: number;
  /** How long an `X-Chatwoot-Delivery` id is remembered (covers the ±5 min signature window). */
  deliveryTtlMs?: number;
  /** Upper bound on remembered delivery ids, so a flood cannot grow memory without limit. */
  maxRememberedDeliveries?: number;
  /** Timers of the once-a-minute summaries of rejected deliveries (tests drive them). */
  reporterTimers?: ReporterTimers;
}

export const WEBHOOK_DISABLED_MESSAGE =
  'webhook intake disabled: set CHATWOOT_WEBHOOK_SECRET (or webhook.allowUnsigned in config)';

class BodyTooLargeError extends Error {}

/**
 * `POST /webhooks/chatwoot`: verifies Chatwoot's signature over the raw body, drops repeated
 * `X-Chatwoot-Delivery` ids, answers 200 at once and only then hands the normalized event to
 * `onEvent` (Chatwoot marks API-inbox messages failed without a 2xx within 5 s). Events of another
 * account and events with invalid ids never reach `onEvent` (counted in
 * `switchboard_dropped_events_total{reason}`). Rejections are logged by time — the first at once,
 * then one summary a minute with counts per outcome — so a flood cannot drown the logs.
 *
 * @example
 * const route = createWebhookRoute({ secret: env.webhookSecret, accountId: 1, onEvent: deliver, log, metrics });
 * createHttpServer({ routes: { '/webhooks/chatwoot': route }, log, metrics });
 */
export function createWebhookRoute(options: WebhookRouteOptions): RouteHandler {
  const { secret, allowUnsigned = false, onEvent, log, metrics, now = Date.now } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const deliveries = createDeliveryMemory(options.deliveryTtlMs ?? 10 * 60_000, options.maxRememberedDeliveries ?? 10_000);
  const secrets = webhookSecrets(secret);
  const signed = secrets.length > 0;
  const timers = options.reporterTimers ? { timers: options.reporterTimers } : {};
  const rejected = createDropReporter({ log, message: 'webhook deliveries rejected', now, ...timers });
  const gate = createEventGate({ accountId: options.accountId, metrics, log, source: 'webhook', now, ...timers });

  const reply = (res: ServerResponse, status: number, outcome: string, body: unknown, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    metrics.webhookRequests.inc({ outcome });
    // Every request at debug; rejections also reach the rate-limited summary an operator sees.
    log.debug({ outcome, status, ...fields }, `webhook ${outcome}`);
    if (status >= 400) rejected.report(outcome, `HTTP ${status}`);
    sendJson(res, status, body, headers);
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      reply(res, 405, 'method_not_allowed', { error: 'method not allowed: use POST' }, { method: req.method }, { allow: 'POST' });
      return;
    }
    if (!signed && !allowUnsigned) {
      reply(res, 503, 'disabled', { error: WEBHOOK_DISABLED_MESSAGE });
      return;
    }
    const tooLarge = () => reply(res, 413, 'too_large', { error: `body larger than ${maxBodyBytes} bytes` }, { maxBodyBytes }, { connection: 'close' });
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      tooLarge();
      return;
    }

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) tooLarge();
      else {
        // The client went away mid-body: nobody is left to answer.
        metrics.webhookRequests.inc({ outcome: 'aborted' });
        log.warn({ outcome: 'aborted', err: error instanceof Error ? error.message : String(error) }, 'webhook body not received');
      }
      return;
    }

    const delivery = header(req, 'x-chatwoot-delivery');
    if (signed) {
      const check = verifyWithAnySecret(secrets, {
        signature: header(req, 'x-chatwoot-signature'),
        timestamp: header(req, 'x-chatwoot-timestamp'),
        rawBody,
        now: now(),
      });
      if (!check.ok) {
        reply(res, 401, check.reason, { error: `webhook signature rejected: ${check.reason}` }, { delivery });
        return;
      }
    }
    if (delivery !== undefined && deliveries.has(delivery, now())) {
      reply(res, 200, 'duplicate', { ok: true, duplicate: true }, { delivery });
      return;
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      metrics.malformedInput.inc({ source: 'webhook' });
      reply(res, 400, 'invalid_json', { error: 'body is not valid JSON' }, { delivery, bytes: rawBody.length });
      return;
    }
    const receivedAt = now();
    const event = normalizeWebhookEvent(body, { receivedAt });
    if ('error' in event) {
      metrics.malformedInput.inc({ source: 'webhook' });
      reply(res, 400, 'invalid_payload', { error: event.error }, { delivery });
      return;
    }
    const problem = gate.check(event);
    if (problem?.reason === 'other_account') {
      // Not an error of the sender: a 4xx would make Chatwoot mark an API-inbox message failed.
      if (delivery !== undefined) deliveries.add(delivery, receivedAt);
      reply(res, 200, 'other_account', { ok: true, ignored: 'other_account' }, { delivery, event: event.name, accountId: event.accountId });
      return;
    }
    if (problem) {
      reply(res, 422, 'invalid_event', { error: `invalid event: ${problem.detail}` }, { delivery, event: event.name, reason: problem.reason });
      return;
    }

    if (delivery !== undefined) deliveries.add(delivery, receivedAt);
    reply(res, 200, 'accepted', { ok: true }, { delivery, event: event.name, conversationId: event.conversationId });
    // Delivered only after the response is on its way; plugin work never delays Chatwoot's 2xx.
    try {
      const result: unknown = onEvent(event);
      if (result instanceof Promise) result.catch((error: unknown) => handlerFailed(log, error, event));
    } catch (error) {
      handlerFailed(log, error, event);
    }
  };
}

function handlerFailed(log: Logger, error: unknown, event: AnyEvent): void {
  log.error({ err: error instanceof Error ? error.message : String(error), event: event.name, eventId: event.id }, 'webhook event handler failed');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** Reads the whole body as bytes (the signature covers the exact bytes), refusing more than `max`. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        // Keep draining (and discarding) so the 413 can still be written before the socket closes.
        req.resume();
        finish(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(error);
    const onClose = () => finish(new Error('request closed before the body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Delivery ids seen recently. A Map keeps insertion order, which (with one TTL and a clock that only
 * moves forward) is expiry order: pruning from the front is enough.
 */
function createDeliveryMemory(ttlMs: number, maxEntries: number) {
  const seenAt = new Map<string, number>();
  const prune = (at: number) => {
    for (const [id, time] of seenAt) {
      if (at - time < ttlMs && seenAt.size <= maxEntries) break;
      seenAt.delete(id);
    }
  };
  return {
    has(id: string, at: number): boolean {
      const time = seenAt.get(id);
      return time !== undefined && at - time < ttlMs;
    },
    add(id: string, at: number): void {
      seenAt.delete(id);
      seenAt.set(id, at);
      prune(at);
    },
  };
}
