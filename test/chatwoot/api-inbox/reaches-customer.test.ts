import { describe, expect, it } from 'vitest';
import { reachesCustomer } from '../../../src/chatwoot/api-inbox/reaches-customer.ts';
import type { Message } from '../../../src/chatwoot/models.ts';

const message = (over: Partial<Message>): Pick<Message, 'message_type' | 'private' | 'content_attributes'> => ({
  message_type: 'outgoing',
  private: false,
  content_attributes: {},
  ...over,
});

describe('reachesCustomer', () => {
  it('lets a public agent reply (and a template) through', () => {
    expect(reachesCustomer(message({}))).toBe(true);
    expect(reachesCustomer(message({ message_type: 'template' }))).toBe(true);
  });

  it('never a private note, an activity, the customer’s own message or a deleted one', () => {
    expect(reachesCustomer(message({ private: true }))).toBe(false);
    expect(reachesCustomer(message({ message_type: 'activity' }))).toBe(false);
    expect(reachesCustomer(message({ message_type: 'incoming' }))).toBe(false);
    expect(reachesCustomer(message({ content_attributes: { deleted: true } }))).toBe(false);
  });

  it('treats a missing or odd private flag as private (fail closed)', () => {
    expect(reachesCustomer(message({ private: undefined as unknown as boolean }))).toBe(false);
    expect(reachesCustomer(message({ private: 'false' as unknown as boolean }))).toBe(false);
  });
});
