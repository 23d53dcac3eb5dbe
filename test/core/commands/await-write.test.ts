import { describe, expect, it } from 'vitest';
import { awaitWrite } from '../../../src/core/commands/await-write.ts';

describe('awaitWrite', () => {
  it('treats a plain result as delivered', async () => {
    expect(await awaitWrite(Promise.resolve(['vip']), { timeoutMs: 1000 })).toEqual({ state: 'delivered', value: ['vip'] });
  });

  it('waits for an outbox receipt to be delivered', async () => {
    const receipt = { id: 'w1', delivered: Promise.resolve({ current: 'resolved' }) };
    expect(await awaitWrite(Promise.resolve(receipt), { timeoutMs: 1000 })).toEqual({ state: 'delivered', value: { current: 'resolved' } });
  });

  it('rejects when the delivery fails for good', async () => {
    const receipt = { id: 'w1', delivered: Promise.reject(new Error('404 from POST …/toggle_status')) };
    await expect(awaitWrite(Promise.resolve(receipt), { timeoutMs: 1000 })).rejects.toThrow('404 from POST');
  });

  it('reports queued when Chatwoot is slower than the timeout, or when told not to wait', async () => {
    const never = { id: 'w1', delivered: new Promise(() => undefined) };
    expect(await awaitWrite(Promise.resolve(never), { timeoutMs: 5 })).toEqual({ state: 'queued' });
    const failsLater = { id: 'w2', delivered: Promise.reject(new Error('later')) };
    expect(await awaitWrite(Promise.resolve(failsLater), { timeoutMs: 0 })).toEqual({ state: 'queued' });
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = awaitWrite(Promise.resolve({ id: 'w', delivered: new Promise(() => undefined) }), { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({ state: 'queued' });
  });
});
