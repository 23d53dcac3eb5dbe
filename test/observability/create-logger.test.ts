import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/observability/create-logger.ts';
import { captureLog } from '../helpers/capture-log.ts';

describe('logger', () => {
  it('redacts tokens and secrets wherever they sit in a log object', () => {
    const { log, text } = captureLog();
    log.info(
      {
        token: 't-1',
        apiToken: 't-2',
        pubsub_token: 't-3',
        profile: { pubsub_token: 't-4', access_token: 't-5' },
        headers: { api_access_token: 't-6', authorization: 't-7' },
        secret: 't-8',
        request: { headers: { api_access_token: 't-9' } },
      },
      'hello',
    );
    const output = text();
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) expect(output).not.toContain(`t-${n}`);
    expect(output).toContain('[redacted]');
  });

  it('masks a secret for display', () => {
    expect(maskSecret('xoxb-1234567890-abcd')).toBe('xoxb…abcd');
    expect(maskSecret('short')).toBe('…');
    expect(maskSecret(undefined)).toBe('(unset)');
  });
});
