import { describe, expect, it } from 'vitest';
import { canCustomize } from '../../../plugins/slack/deps.ts';

describe('canCustomize', () => {
  const withScopes = (scopes?: string[]) => ({ identity: async () => ({ userId: 'UBOT', ...(scopes ? { scopes } : {}) }) });

  it('is true only when Slack reports chat:write.customize', async () => {
    expect(await canCustomize(withScopes(['chat:write', 'chat:write.customize']))).toBe(true);
    expect(await canCustomize(withScopes(['chat:write']))).toBe(false);
  });

  it('is false when Slack does not say: names then go in front of the text, visible whatever Slack does', async () => {
    expect(await canCustomize(withScopes())).toBe(false);
  });
});
