import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureFailure = 'missing_signature' | 'missing_timestamp' | 'bad_signature' | 'stale_timestamp';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

export interface VerifyWebhookSignatureInput {
  secret: string;
  /** `X-Chatwoot-Signature`, `sha256=<hex>`. */
  signature: string | undefined | null;
  /** `X-Chatwoot-Timestamp`, unix seconds. */
  timestamp: string | number | undefined | null;
  /** The body exactly as received: Chatwoot signs the bytes, not a re-serialization. */
  rawBody: string | Buffer;
  /** Unix milliseconds (default `Date.now()`). */
  now?: number;
  /** How far the timestamp may be from `now`, either way (replay window). Default 300. */
  toleranceSeconds?: number;
}

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;

/**
 * Chatwoot's webhook signature: `sha256=` + HMAC-SHA256(secret, `<timestamp>.<raw body>`) in hex.
 *
 * @example
 * const signature = signWebhook(secret, Math.floor(Date.now() / 1000), body);
 * // → 'sha256=3f1c…'
 */
export function signWebhook(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  return `sha256=${digest(secret, String(timestamp), rawBody).toString('hex')}`;
}

/**
 * Checks `X-Chatwoot-Signature` against the raw body in constant time, then the timestamp window.
 * The signature is checked first so `stale_timestamp` only ever describes a genuine (replayed) delivery.
 *
 * @example
 * const check = verifyWebhookSignature({ secret, signature: req.headers['x-chatwoot-signature'],
 *   timestamp: req.headers['x-chatwoot-timestamp'], rawBody, now: Date.now() });
 * if (!check.ok) return reply(401, { error: check.reason });
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): SignatureCheck {
  const { secret, signature, timestamp, rawBody, now = Date.now(), toleranceSeconds = 300 } = input;
  if (signature === undefined || signature === null || signature.trim() === '') return fail('missing_signature');
  const stamp = timestamp === undefined || timestamp === null ? '' : String(timestamp).trim();
  if (stamp === '') return fail('missing_timestamp');

  const provided = SIGNATURE_PATTERN.exec(signature.trim())?.[1];
  if (provided === undefined) return fail('bad_signature');
  const expected = digest(secret, stamp, rawBody);
  const given = Buffer.from(provided, 'hex');
  // Both are 32 bytes here (the pattern guarantees it); the length check keeps timingSafeEqual safe.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('bad_signature');

  if (!/^\d+$/.test(stamp)) return fail('stale_timestamp');
  const ageSeconds = now / 1000 - Number(stamp);
  if (Math.abs(ageSeconds) > toleranceSeconds) return fail('stale_timestamp');
  return { ok: true };
}

/**
 * The secrets in `CHATWOOT_WEBHOOK_SECRET`: one, or several separated by commas — an account
 * webhook and each API inbox (the community inbox among them) sign with their own secret.
 * Chatwoot's secrets are letters and digits, so a comma never belongs to one.
 */
export function webhookSecrets(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * {@link verifyWebhookSignature} against each secret: ok when one matches. Otherwise the reason is
 * `stale_timestamp` when a secret matched an old delivery, else what the first check said.
 *
 * @example
 * const check = verifyWithAnySecret(webhookSecrets(env.CHATWOOT_WEBHOOK_SECRET), { signature, timestamp, rawBody });
 */
export function verifyWithAnySecret(secrets: readonly string[], input: Omit<VerifyWebhookSignatureInput, 'secret'>): SignatureCheck {
  let first: SignatureCheck = fail('bad_signature');
  for (const [i, secret] of secrets.entries()) {
    const check = verifyWebhookSignature({ ...input, secret });
    if (check.ok || check.reason === 'stale_timestamp') return check;
    if (i === 0) first = check;
  }
  return first;
}

function digest(secret: string, timestamp: string, rawBody: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

function fail(reason: SignatureFailure): SignatureCheck {
  return { ok: false, reason };
}
