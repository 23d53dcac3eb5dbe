import { z } from 'zod';

/** One configuration problem: the variable, what is wrong and how to fix it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

export interface ChatwootSettings {
  url: string;
  apiToken: string;
  accountId: number;
  /** Both set → the profile look-up is skipped. */
  pubsubToken?: string;
  userId?: number;
  /** Agents' own access tokens by Chatwoot agent id (CHATWOOT_AGENT_TOKENS), so surface replies are authored by them. */
  agentTokens?: Record<number, string>;
}

/** Everything the environment configures. Secrets live here and nowhere else. */
export interface EnvSettings {
  /** Absent → sandbox mode (embedded simulator). */
  chatwoot?: ChatwootSettings;
  webhookSecret?: string;
  presenceIntervalSeconds: number;
  extraPlugins: string[];
  storeUrl?: string;
  port: number;
  /** Bind address of the HTTP server (HOST); undefined = all interfaces. */
  host?: string;
  /** SWITCHBOARD_ADMIN_TOKEN: guards `POST /admin/plugins/<name>/resume`. */
  adminToken?: string;
  /** SWITCHBOARD_SANDBOX_SURFACES: real surfaces (slack, discord) the sandbox may switch on. Default none. */
  sandboxSurfaces: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const positiveInt = (fix: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: `must be a positive whole number — ${fix}` }).int({ error: `must be a positive whole number — ${fix}` }).positive({ error: `must be a positive whole number — ${fix}` }).optional(),
  );

const schema = z.object({
  CHATWOOT_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://chat.example.com — the address you open Chatwoot at' })
      .optional(),
  ),
  CHATWOOT_API_TOKEN: optionalString,
  CHATWOOT_ACCOUNT_ID: positiveInt('use the number after /app/accounts/ in your Chatwoot URL'),
  CHATWOOT_PUBSUB_TOKEN: optionalString,
  CHATWOOT_USER_ID: positiveInt("use the bot user's id (GET /api/v1/profile → id), or unset it and CHATWOOT_PUBSUB_TOKEN"),
  CHATWOOT_WEBHOOK_SECRET: optionalString,
  CHATWOOT_AGENT_TOKENS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\s*\d+\s*=\s*[^,=\s]+\s*(,\s*\d+\s*=\s*[^,=\s]+\s*)*$/, {
        error: 'must be <agent id>=<access token> pairs separated by commas, e.g. 12=abc,15=def',
      })
      .optional(),
  ),
  CHATWOOT_PRESENCE_INTERVAL: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a number of seconds between 1 and 19 (Chatwoot shows an agent offline 20 s after the last update)' })
      .min(1, { error: 'must be at least 1 second' })
      .max(19, { error: 'must be below 20 seconds: Chatwoot shows an agent offline 20 s after the last update — use 15' })
      .default(15),
  ),
  SWITCHBOARD_PLUGINS: optionalString,
  SWITCHBOARD_ADMIN_TOKEN: optionalString,
  SWITCHBOARD_SANDBOX_SURFACES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\s*[a-z][a-z0-9-]*\s*(,\s*[a-z][a-z0-9-]*\s*)*$/, { error: 'must be surface names separated by commas, e.g. slack,discord' })
      .optional(),
  ),
  HOST: optionalString,
  STORE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(memory|sqlite|redis|rediss):\/\//, { error: 'must start with memory://, sqlite:// or redis:// (e.g. sqlite://data/switchboard.sqlite)' })
      .optional(),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'must be a port number (0–65535)' }).int({ error: 'must be a port number (0–65535)' }).min(0).max(65_535, { error: 'must be a port number (0–65535)' }).default(3000),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
});

/**
 * Validates the environment. Returns every problem at once (one per variable), never throws, and
 * never echoes a secret's value in a message.
 *
 * @example
 * const { settings, problems } = readEnv(process.env);
 * if (problems.length) { for (const p of problems) console.error(`✗ ${p.variable}: ${p.message}`); process.exit(2); }
 */
export function readEnv(env: Record<string, string | undefined>): { settings?: EnvSettings; problems: ConfigProblem[] } {
  const parsed = schema.safeParse(env);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message + shownValue(String(issue.path[0]), env),
      }));
  problems.push(...missingTogether(env));
  if (!parsed.success || problems.length > 0) return { problems: dedupeByVariable(problems) };
  const e = parsed.data;
  const settings: EnvSettings = {
    presenceIntervalSeconds: e.CHATWOOT_PRESENCE_INTERVAL,
    extraPlugins: (e.SWITCHBOARD_PLUGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    sandboxSurfaces: (e.SWITCHBOARD_SANDBOX_SURFACES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
  if (e.HOST) settings.host = e.HOST;
  if (e.SWITCHBOARD_ADMIN_TOKEN) settings.adminToken = e.SWITCHBOARD_ADMIN_TOKEN;
  if (e.CHATWOOT_URL && e.CHATWOOT_API_TOKEN && e.CHATWOOT_ACCOUNT_ID) {
    settings.chatwoot = { url: e.CHATWOOT_URL.replace(/\/+$/, ''), apiToken: e.CHATWOOT_API_TOKEN, accountId: e.CHATWOOT_ACCOUNT_ID };
    if (e.CHATWOOT_PUBSUB_TOKEN && e.CHATWOOT_USER_ID) {
      settings.chatwoot.pubsubToken = e.CHATWOOT_PUBSUB_TOKEN;
      settings.chatwoot.userId = e.CHATWOOT_USER_ID;
    }
    if (e.CHATWOOT_AGENT_TOKENS) {
      settings.chatwoot.agentTokens = Object.fromEntries(
        e.CHATWOOT_AGENT_TOKENS.split(',').map((pair) => {
          const [id, token] = pair.split('=');
          return [Number(id?.trim()), (token ?? '').trim()];
        }),
      );
    }
  }
  if (e.CHATWOOT_WEBHOOK_SECRET) settings.webhookSecret = e.CHATWOOT_WEBHOOK_SECRET;
  if (e.STORE_URL) settings.storeUrl = e.STORE_URL;
  return { settings, problems: [] };
}

/** Variables that only make sense together: the Chatwoot trio, and the pubsub pair. */
function missingTogether(env: Record<string, string | undefined>): ConfigProblem[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: ConfigProblem[] = [];
  if (has('CHATWOOT_URL')) {
    if (!has('CHATWOOT_API_TOKEN')) {
      problems.push({ variable: 'CHATWOOT_API_TOKEN', message: "is missing — copy the bot user's access token from Chatwoot → Profile settings → Access Token" });
    }
    if (!has('CHATWOOT_ACCOUNT_ID')) {
      problems.push({ variable: 'CHATWOOT_ACCOUNT_ID', message: 'is missing — use the number after /app/accounts/ in your Chatwoot URL' });
    }
    if (has('CHATWOOT_PUBSUB_TOKEN') !== has('CHATWOOT_USER_ID')) {
      const missing = has('CHATWOOT_PUBSUB_TOKEN') ? 'CHATWOOT_USER_ID' : 'CHATWOOT_PUBSUB_TOKEN';
      problems.push({ variable: missing, message: 'is missing — set CHATWOOT_PUBSUB_TOKEN and CHATWOOT_USER_ID together, or neither (the profile is read instead)' });
    }
  } else if ((env['NODE_ENV'] ?? '').trim() === 'production') {
    // A typo in production must not deploy a fake Chatwoot that looks healthy.
    problems.push({
      variable: 'CHATWOOT_URL',
      message: 'is missing, and NODE_ENV=production never runs the sandbox — set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID',
    });
  } else if (has('CHATWOOT_API_TOKEN') || has('CHATWOOT_ACCOUNT_ID')) {
    problems.push({
      variable: 'CHATWOOT_URL',
      message: 'is missing while CHATWOOT_API_TOKEN/CHATWOOT_ACCOUNT_ID are set — set it to your Chatwoot address (or unset them all to run the sandbox)',
    });
  }
  return problems;
}

const SECRET_VARIABLES = new Set(['CHATWOOT_API_TOKEN', 'CHATWOOT_PUBSUB_TOKEN', 'CHATWOOT_WEBHOOK_SECRET', 'CHATWOOT_AGENT_TOKENS', 'SWITCHBOARD_ADMIN_TOKEN']);

function shownValue(variable: string, env: Record<string, string | undefined>): string {
  const value = env[variable];
  if (value === undefined || SECRET_VARIABLES.has(variable)) return '';
  return ` (got "${value.length > 60 ? `${value.slice(0, 60)}…` : value}")`;
}

function dedupeByVariable(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.variable) ? false : (seen.add(p.variable), true)));
}
