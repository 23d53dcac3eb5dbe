// The default configuration with Slack and Discord pointed at the bench's fakes (their URLs come
// from the environment), for the start bench's "surfaces on" variant.
import { defineConfig } from '../../src/index.ts';
import base from '../../config/switchboard.config.ts';

export default defineConfig({
  ...base,
  settings: {
    ...base.settings,
    slack: { apiUrl: process.env['BENCH_SLACK_API'], socketRetries: 0 },
    discord: { restApi: process.env['BENCH_DISCORD_API'] },
  },
});
