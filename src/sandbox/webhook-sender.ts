import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'undici';

export interface WebhookDelivery {
  event: string;
  delivery: string;
  status: number | 'error';
  /** Where it went (set in the simulator's list, which holds every target's deliveries). */
  url?: string;
}

export interface WebhookSender {
  /** Fire-and-forget POST; resolves with the delivery record, never rejects. */
  send(event: string, payload: Record<string, unknown>): Promise<WebhookDelivery>;
  deliveries: WebhookDelivery[];
  close(): void;
}

const TIMEOUT_MS = 5_000;

/** `X-Chatwoot-Signature`: `sha256=` + hex HMAC-SHA256 of `"<timestamp>.<raw body>"`. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * The API-channel callback of `lib/webhooks/trigger.rb`: one attempt, 5 s timeout, signed when the
 * inbox has a secret. Failures are recorded, never thrown.
 *
 * @example
 * const sender = createWebhookSender({ url: 'http://127.0.0.1:3000/hook', secret: 's' }, Date.now);
 * await sender.send('message_created', { id: 1 });
 */
export function createWebhookSender(target: { url: string; secret?: string }, now: () => number): WebhookSender {
  const deliveries: WebhookDelivery[] = [];
  const inFlight = new Set<AbortController>();

  async function send(event: string, payload: Record<string, unknown>): Promise<WebhookDelivery> {
    const delivery = randomUUID();
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-chatwoot-delivery': delivery,
    };
    if (target.secret) {
      const timestamp = Math.floor(now() / 1000);
      headers['x-chatwoot-timestamp'] = String(timestamp);
      headers['x-chatwoot-signature'] = signWebhook(target.secret, timestamp, body);
    }
    const abort = new AbortController();
    inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let status: number | 'error';
    try {
      const res = await request(target.url, {
        method: 'POST',
        headers,
        body,
        signal: abort.signal,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      await res.body.dump();
      status = res.statusCode;
    } catch {
      status = 'error';
    } finally {
      clearTimeout(timer);
      inFlight.delete(abort);
    }
    const record = { event, delivery, status };
    deliveries.push(record);
    return record;
  }

  return {
    send,
    deliveries,
    close() {
      for (const abort of inFlight) abort.abort();
    },
  };
}
