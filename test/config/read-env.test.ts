import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/read-env.ts';

const real = { CHATWOOT_URL: 'https://chat.example.com/', CHATWOOT_API_TOKEN: 'tok-secret-1234', CHATWOOT_ACCOUNT_ID: '7' };

describe('readEnv', () => {
  it('runs the sandbox when nothing is set, with documented defaults', () => {
    const { settings, problems } = readEnv({});
    expect(problems).toEqual([]);
    expect(settings).toEqual({ presenceIntervalSeconds: 15, extraPlugins: [], port: 3000, logLevel: 'info', sandboxSurfaces: [] });
  });

  it('reads a real Chatwoot configuration and trims the URL', () => {
    const { settings } = readEnv({ ...real, SWITCHBOARD_PLUGINS: ' ./a.ts, ./b.js ,', PORT: '8080', LOG_LEVEL: 'DEBUG', CHATWOOT_PRESENCE_INTERVAL: '10' });
    expect(settings).toMatchObject({
      chatwoot: { url: 'https://chat.example.com', apiToken: 'tok-secret-1234', accountId: 7 },
      extraPlugins: ['./a.ts', './b.js'],
      port: 8080,
      logLevel: 'debug',
      presenceIntervalSeconds: 10,
    });
    expect(settings?.chatwoot?.pubsubToken).toBeUndefined();
  });

  it('takes the pubsub token and user id together', () => {
    const { settings } = readEnv({ ...real, CHATWOOT_PUBSUB_TOKEN: 'pub', CHATWOOT_USER_ID: '3' });
    expect(settings?.chatwoot).toMatchObject({ pubsubToken: 'pub', userId: 3 });
    const half = readEnv({ ...real, CHATWOOT_PUBSUB_TOKEN: 'pub' });
    expect(half.problems.map((p) => p.variable)).toEqual(['CHATWOOT_USER_ID']);
  });

  it('reports every problem at once, one per variable, with a fix', () => {
    const { settings, problems } = readEnv({
      CHATWOOT_URL: 'ftp://chat',
      CHATWOOT_ACCOUNT_ID: 'abc',
      CHATWOOT_PRESENCE_INTERVAL: '30',
      PORT: '70000',
      LOG_LEVEL: 'loud',
      STORE_URL: 'mysql://x',
    });
    expect(settings).toBeUndefined();
    expect(problems.map((p) => p.variable).sort()).toEqual(
      ['CHATWOOT_ACCOUNT_ID', 'CHATWOOT_API_TOKEN', 'CHATWOOT_PRESENCE_INTERVAL', 'CHATWOOT_URL', 'LOG_LEVEL', 'PORT', 'STORE_URL'].sort(),
    );
    const byName = Object.fromEntries(problems.map((p) => [p.variable, p.message]));
    expect(byName['CHATWOOT_PRESENCE_INTERVAL']).toMatch(/below 20 seconds/);
    expect(byName['CHATWOOT_ACCOUNT_ID']).toMatch(/\/app\/accounts\//);
    expect(byName['CHATWOOT_API_TOKEN']).toMatch(/Access Token/);
  });

  it('reads per-agent tokens and rejects a malformed list without echoing it', () => {
    expect(readEnv({ ...real, CHATWOOT_AGENT_TOKENS: '12=tok-a, 15 = tok-b' }).settings?.chatwoot?.agentTokens).toEqual({ 12: 'tok-a', 15: 'tok-b' });
    const bad = readEnv({ ...real, CHATWOOT_AGENT_TOKENS: 'alice:tok-secret' });
    expect(bad.problems).toEqual([expect.objectContaining({ variable: 'CHATWOOT_AGENT_TOKENS' })]);
    expect(JSON.stringify(bad.problems)).not.toContain('tok-secret');
  });

  it('asks for CHATWOOT_URL when only the token is set', () => {
    expect(readEnv({ CHATWOOT_API_TOKEN: 'x' }).problems).toEqual([expect.objectContaining({ variable: 'CHATWOOT_URL' })]);
  });

  it('never echoes a secret in a message', () => {
    const { problems } = readEnv({ ...real, CHATWOOT_ACCOUNT_ID: 'nope', CHATWOOT_PUBSUB_TOKEN: 'pubsub-secret-999' });
    const text = JSON.stringify(problems);
    expect(text).not.toContain('tok-secret-1234');
    expect(text).not.toContain('pubsub-secret-999');
  });

  it('refuses the sandbox under NODE_ENV=production, naming the variables to set', () => {
    const { settings, problems } = readEnv({ NODE_ENV: 'production' });
    expect(settings).toBeUndefined();
    expect(problems).toEqual([
      { variable: 'CHATWOOT_URL', message: 'is missing, and NODE_ENV=production never runs the sandbox — set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID' },
    ]);
    expect(readEnv({ ...real, NODE_ENV: 'production' }).problems).toEqual([]);
  });

  it('reads HOST, the admin token (never echoed) and the sandbox surfaces', () => {
    const { settings } = readEnv({ HOST: '127.0.0.1', SWITCHBOARD_ADMIN_TOKEN: 'adm-secret', SWITCHBOARD_SANDBOX_SURFACES: 'slack, discord' });
    expect(settings).toMatchObject({ host: '127.0.0.1', adminToken: 'adm-secret', sandboxSurfaces: ['slack', 'discord'] });
    const bad = readEnv({ SWITCHBOARD_SANDBOX_SURFACES: 'Slack!' });
    expect(bad.problems).toEqual([{ variable: 'SWITCHBOARD_SANDBOX_SURFACES', message: 'must be surface names separated by commas, e.g. slack,discord (got "Slack!")' }]);
  });
});
