import { defineConfig } from '../src/index.ts';
import consoleSurface from '../plugins/console/index.ts';

/**
 * Which plugins run and their non-secret settings. Secrets (tokens, webhook secret) come from the
 * environment only — see .env.example.
 */
export default defineConfig({
  // Plugin objects, or module paths relative to the working directory.
  // SWITCHBOARD_PLUGINS=./a.ts,./b.js adds more without editing this file.
  plugins: [],
  sandbox: {
    // Only when CHATWOOT_URL is unset: the embedded simulator shows up in the terminal.
    plugins: [consoleSurface],
    customers: true,
  },
  webhook: {
    // Chatwoot signs webhooks since 4.13; accept unsigned deliveries only for older servers.
    allowUnsigned: false,
  },
  cable: {
    confirmTimeoutMs: 10_000,
    staleAfterMs: 6_000,
    backoffCapMs: 30_000,
    profileRefreshMs: 300_000,
  },
});
