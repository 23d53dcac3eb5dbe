import type { Profile } from '../models.ts';

export interface CableCredentials {
  pubsubToken: string;
  userId: number;
}

export type GetCredentials = (options: { refresh: boolean }) => Promise<CableCredentials>;

/**
 * Where the cable's identity comes from: fixed values from the environment
 * (`CHATWOOT_PUBSUB_TOKEN` + `CHATWOOT_USER_ID`), or the agent's profile, cached until a refresh is
 * asked for (Chatwoot rotates the pubsub token when the password changes).
 */
export function createCredentialProvider(options: {
  fixed?: CableCredentials;
  getProfile: () => Promise<Profile>;
  accountId: number;
}): GetCredentials {
  let cached: CableCredentials | undefined;
  return async ({ refresh }) => {
    if (options.fixed) return options.fixed;
    if (cached && !refresh) return cached;
    const profile = await options.getProfile();
    const accounts = profile.accounts;
    if (Array.isArray(accounts) && accounts.length > 0 && !accounts.some((a) => Number(a.id) === options.accountId)) {
      const known = accounts.map((a) => a.id).join(', ');
      throw new Error(
        `the CHATWOOT_API_TOKEN user (id ${profile.id}) is not a member of account ${options.accountId} (its accounts: ${known}) — check CHATWOOT_ACCOUNT_ID`,
      );
    }
    if (typeof profile.pubsub_token !== 'string' || profile.pubsub_token === '') {
      throw new Error('the profile has no pubsub_token: CHATWOOT_API_TOKEN must belong to a user, not an agent bot');
    }
    cached = { pubsubToken: profile.pubsub_token, userId: Number(profile.id) };
    return cached;
  };
}
