import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../src/chatwoot/webhook-signature.ts';

const SECRET = 'whsec-test-0123456789';
const NOW_MS = 1_700_000_000_000;
const TS = String(NOW_MS / 1000);
const BODY = '{"event":"message_created","id":1,"content":"héllo"}';

describe('signWebhook', () => {
  it('is sha256= HMAC-SHA256(secret, "<timestamp>.<raw body>") in hex', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
    expect(signWebhook(SECRET, Number(TS), Buffer.from(BODY))).toBe(`sha256=${expected}`);
  });
});

describe('verifyWebhookSignature', () => {
  const valid = { secret: SECRET, signature: signWebhook(SECRET, TS, BODY), timestamp: TS, rawBody: BODY, now: NOW_MS };

  it('accepts a genuine, fresh delivery (string or buffer body)', () => {
    expect(verifyWebhookSignature(valid)).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...valid, rawBody: Buffer.from(BODY) })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...valid, signature: valid.signature.toUpperCase().replace('SHA256=', 'sha256=') })).toEqual({ ok: true });
  });

  it('reports missing headers', () => {
    expect(verifyWebhookSignature({ ...valid, signature: undefined })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyWebhookSignature({ ...valid, signature: '' })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyWebhookSignature({ ...valid, timestamp: undefined })).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(verifyWebhookSignature({ ...valid, timestamp: null })).toEqual({ ok: false, reason: 'missing_timestamp' });
  });

  it.each([
    ['another secret', { signature: signWebhook('other-secret', TS, BODY) }],
    ['an altered body', { rawBody: BODY.replace('héllo', 'hello') }],
    ['one extra byte', { rawBody: `${BODY} ` }],
    ['a signature over the body alone', { signature: `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}` }],
    ['another timestamp', { timestamp: String(Number(TS) + 1) }],
    ['no sha256= prefix', { signature: signWebhook(SECRET, TS, BODY).slice('sha256='.length) }],
    ['a short signature', { signature: 'sha256=abcd' }],
    ['a non-hex signature', { signature: `sha256=${'z'.repeat(64)}` }],
  ])('rejects %s as bad_signature', (_what, change) => {
    expect(verifyWebhookSignature({ ...valid, ...change })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps more than 5 minutes away, either way', () => {
    const at = (offsetSeconds: number) => {
      const ts = String(Number(TS) + offsetSeconds);
      return verifyWebhookSignature({ ...valid, timestamp: ts, signature: signWebhook(SECRET, ts, BODY) });
    };
    expect(at(-300)).toEqual({ ok: true });
    expect(at(300)).toEqual({ ok: true });
    expect(at(-301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(at(301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(at(-86_400)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('honours a custom tolerance and a non-numeric timestamp is never fresh', () => {
    const ts = String(Number(TS) - 60);
    expect(verifyWebhookSignature({ ...valid, timestamp: ts, signature: signWebhook(SECRET, ts, BODY), toleranceSeconds: 30 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyWebhookSignature({ ...valid, timestamp: 'soon', signature: signWebhook(SECRET, 'soon', BODY) })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });
});
