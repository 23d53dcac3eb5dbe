/**
 * The community inbox's variables, as `setup api-inbox` and `doctor` read them. Read here, not in
 * the config schema; the Discord community plugin reads `COMMUNITY_INBOX_ID` itself
 * (`plugins/discord-community/settings.ts`).
 *
 * - `COMMUNITY_INBOX_ID` — the API inbox's id (printed by `switchboard setup api-inbox`);
 * - `COMMUNITY_INBOX_IDENTIFIER` — its `inbox_identifier`, the alternative to the id;
 * - `SWITCHBOARD_PUBLIC_URL` — where Chatwoot reaches this bot (`https://bot.example.com`): the
 *   inbox's callback URL is this plus {@link WEBHOOK_PATH}.
 */
export interface CommunityEnv {
  inboxId?: number;
  inboxIdentifier?: string;
  publicUrl?: string;
  /** A variable set to something unusable, said in one line. */
  problems: string[];
}

/** The bot's webhook route (`src/http/webhook-route.ts`), where the callback must point. */
export const WEBHOOK_PATH = '/webhooks/chatwoot';

export function readCommunityEnv(env: Readonly<Record<string, string | undefined>>): CommunityEnv {
  const out: CommunityEnv = { problems: [] };
  const id = env['COMMUNITY_INBOX_ID']?.trim();
  if (id) {
    if (/^\d+$/.test(id) && Number(id) > 0) out.inboxId = Number(id);
    else out.problems.push(`COMMUNITY_INBOX_ID must be a positive whole number (the inbox id from \`switchboard setup api-inbox\`), got "${id.slice(0, 40)}"`);
  }
  const identifier = env['COMMUNITY_INBOX_IDENTIFIER']?.trim();
  if (identifier) out.inboxIdentifier = identifier;
  const publicUrl = env['SWITCHBOARD_PUBLIC_URL']?.trim();
  if (publicUrl) {
    const url = parseHttpUrl(publicUrl);
    if (url) out.publicUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    else out.problems.push(`SWITCHBOARD_PUBLIC_URL must be an http(s) URL like https://bot.example.com, got "${publicUrl.slice(0, 60)}"`);
  }
  return out;
}

/** The callback URL an API inbox should have for this bot: `<public url>/webhooks/chatwoot`. */
export function callbackUrlFor(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

/** Two URLs name the same place: scheme, host, port and path, ignoring a trailing slash and the case of the host. */
export function sameUrl(a: string, b: string): boolean {
  const x = parseHttpUrl(a);
  const y = parseHttpUrl(b);
  if (!x || !y) return false;
  const strip = (path: string) => path.replace(/\/+$/, '');
  return x.origin === y.origin && strip(x.pathname) === strip(y.pathname);
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
