import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkChatwootIdentity, identityLine } from '../app/identity-check.ts';
import { isChatwootApiError } from '../chatwoot/rest/chatwoot-error.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import { readEnv } from '../config/read-env.ts';
import { callbackUrlFor, readCommunityEnv } from './community-env.ts';
import { EXIT_CONFIG, formatProblems } from './print-problems.ts';

export interface SetupApiInboxOptions {
  name: string;
  webhookUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** Standard output: the inbox and its secret go here and nowhere else (no logger is made). */
  write?: (text: string) => void;
  /** Standard error: the one-line reason it failed. */
  writeError?: (text: string) => void;
}

/**
 * `switchboard setup api-inbox --name "…" [--webhook-url …]`: creates the community's API-channel
 * inbox and prints its id, identifier, webhook secret and the variables to set. The callback URL
 * is `--webhook-url`, else `SWITCHBOARD_PUBLIC_URL` + `/webhooks/chatwoot`. A failure is one line,
 * in the doctor's words when the token or the account is wrong. Exit 0, 1 (Chatwoot said no) or 2.
 */
export async function setupApiInboxCommand(options: SetupApiInboxOptions): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const fail = options.writeError ?? ((text: string) => process.stderr.write(text));
  const env = options.env ?? loadDotenv(process.env);
  const { settings, problems } = readEnv(env);
  if (!settings) {
    fail(formatProblems(problems));
    return EXIT_CONFIG;
  }
  if (!settings.chatwoot) {
    fail('✗ Chatwoot: CHATWOOT_URL is not set → set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID\n');
    return EXIT_CONFIG;
  }
  const community = readCommunityEnv(env);
  const urlProblem = community.problems.find((p) => p.startsWith('SWITCHBOARD_PUBLIC_URL'));
  if (urlProblem) {
    fail(`✗ ${urlProblem}\n`);
    return EXIT_CONFIG;
  }
  const webhookUrl = options.webhookUrl ?? (community.publicUrl ? callbackUrlFor(community.publicUrl) : undefined);
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/i.test(webhookUrl)) {
    fail(`✗ --webhook-url must be an http(s) URL, got "${webhookUrl.slice(0, 60)}"\n`);
    return EXIT_CONFIG;
  }

  const chatwoot = settings.chatwoot;
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, retry: { retries: 0 } });
  let inbox;
  try {
    inbox = await rest.createApiInbox({ name: options.name, ...(webhookUrl ? { webhookUrl } : {}) });
  } catch (error) {
    fail(`${await explain(error, rest, chatwoot)}\n`);
    return 1;
  }

  const lines = [
    `Created API inbox "${inbox.name}"`,
    `  id           ${inbox.id}`,
    `  identifier   ${inbox.identifier ?? '(not shown: the token\'s user is not an administrator)'}`,
    `  callback     ${inbox.webhookUrl ?? '(none: agents\' replies reach the bot over the cable only)'}`,
    `  secret       ${inbox.secret ?? '(not shown: Chatwoot < 4.13 signs nothing, or the user is not an administrator)'}`,
    '',
    'Set these variables (keep the secret as secret as the API token):',
    `  COMMUNITY_INBOX_ID=${inbox.id}`,
    ...(inbox.identifier ? [`  COMMUNITY_INBOX_IDENTIFIER=${inbox.identifier}`] : []),
    ...(inbox.secret ? [`  CHATWOOT_WEBHOOK_SECRET=${inbox.secret}    # verifies its signed callbacks; add it after a comma to a secret already set`] : []),
    ...(webhookUrl ? [] : ['  SWITCHBOARD_PUBLIC_URL=https://…          # then set the inbox\'s callback URL to it + /webhooks/chatwoot']),
    '',
    'Then run `switchboard doctor` to check the inbox and its callback URL.',
  ];
  write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * One line for a failed create. A bad token or account is said as the doctor says it (its identity
 * checks run once more to find which); anything else is the REST error's own sentence.
 */
async function explain(error: unknown, rest: ReturnType<typeof createChatwootRest>, chatwoot: Parameters<typeof checkChatwootIdentity>[1]): Promise<string> {
  if (isChatwootApiError(error) && (error.kind === 'unauthorized' || error.kind === 'forbidden' || error.kind === 'not_found' || error.kind === 'network')) {
    const { rows } = await checkChatwootIdentity(rest, chatwoot);
    const failed = rows.find((row) => !row.ok);
    if (failed) return identityLine(failed);
    if (error.kind === 'forbidden') return `✗ Inbox: ${error.chatwootMessage ?? error.message} → creating an inbox needs an administrator's token`;
  }
  return `✗ Inbox: ${error instanceof Error ? error.message : String(error)}`;
}

function loadDotenv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = resolve(process.cwd(), '.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return env;
}
