import { describe, expect, it } from 'vitest';
import { createInboxNames } from '../../../src/core/intake/inbox-names.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';

describe('inbox names', () => {
  it('reads the list at start and again (throttled) for an inbox it does not know', async () => {
    let clock = 0;
    let calls = 0;
    let list = [{ id: 1, name: 'Website', channel_type: 'Channel::WebWidget' }];
    const inboxes = createInboxNames({ rest: { listInboxes: async () => (calls++, list) }, log: captureLog().log, now: () => clock, refreshAfterMs: 1000 });
    await inboxes.load();
    expect(inboxes.nameOf(1)).toBe('Website');
    list = [...list, { id: 2, name: 'Email', channel_type: 'Channel::Email' }];
    clock = 500;
    expect(inboxes.nameOf(2)).toBeUndefined(); // too soon to ask again
    expect(calls).toBe(1);
    clock = 1500;
    expect(inboxes.nameOf(2)).toBeUndefined(); // asks now, answers later
    await waitFor(() => inboxes.nameOf(2) === 'Email', { what: 'the refreshed list' });
    expect(calls).toBe(2);
  });

  it('logs and carries on when the list cannot be read', async () => {
    const { log, lines } = captureLog();
    const inboxes = createInboxNames({ rest: { listInboxes: async () => { throw new Error('503 from GET /inboxes'); } }, log });
    await inboxes.load();
    expect(inboxes.nameOf(1)).toBeUndefined();
    expect(lines.some((l) => String(l['msg']).includes('could not read the inbox list'))).toBe(true);
  });
});
