import { describe, expect, it } from 'vitest';
import { CHATWOOT_MAX_ATTACHMENTS, CHATWOOT_MAX_CONTENT, refusalOf } from '../../../plugins/slack/chatwoot-limits.ts';

describe('refusalOf', () => {
  it('accepts what Chatwoot accepts, up to the limits', () => {
    expect(refusalOf('x'.repeat(CHATWOOT_MAX_CONTENT), CHATWOOT_MAX_ATTACHMENTS)).toBeUndefined();
  });

  it('explains a text or a file count over the limit', () => {
    expect(refusalOf('x'.repeat(CHATWOOT_MAX_CONTENT + 1), 0)).toContain('150 001 characters long; Chatwoot accepts at most 150 000');
    expect(refusalOf('hi', CHATWOOT_MAX_ATTACHMENTS + 1)).toContain('16 files; Chatwoot accepts at most 15');
  });
});
