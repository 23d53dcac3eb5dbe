import { describe, expect, it } from 'vitest';
import { communityEnv } from '../../src/surface/community-env.ts';

function ctxWith(config: Record<string, unknown>, env: Record<string, string>) {
  const lines: Array<[string, string]> = [];
  const log = { error: (msg: string) => lines.push(['error', msg]), info: (msg: string) => lines.push(['info', msg]) };
  return { ctx: { config, env, log } as never, lines };
}

const OFF = 'discord-community: off — set COMMUNITY_INBOX_ID and the rest';

describe('communityEnv', () => {
  it('hands the inbox of the settings (else the environment) to read; off with the off line when read finds something missing', async () => {
    const { ctx, lines } = ctxWith({ inboxId: 9 }, { COMMUNITY_INBOX_ID: '4' });
    expect(await communityEnv(ctx, (inboxId) => ({ inboxId }), OFF)).toEqual({ inboxId: 9 });
    expect(await communityEnv(ctx, () => undefined, OFF)).toBeUndefined();
    expect(lines).toEqual([['info', OFF]]);
  });

  it('an inbox that cannot be used keeps the plugin off with one error line in the off line’s words, and read is not called', async () => {
    const { ctx, lines } = ctxWith({}, { COMMUNITY_INBOX_ID: 'seven' });
    let called = false;
    expect(await communityEnv(ctx, () => ((called = true), {}), OFF)).toBeUndefined();
    expect(called).toBe(false);
    expect(lines).toEqual([['error', 'discord-community: off — COMMUNITY_INBOX_ID must be a positive whole number (the inbox id from `switchboard setup api-inbox`), got "seven"']]);
  });
});
