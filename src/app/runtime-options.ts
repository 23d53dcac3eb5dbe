import type { AnyEvent } from '../chatwoot/events.ts';
import type { SwitchboardConfig } from '../config/define-config.ts';
import type { ChatwootSettings, EnvSettings } from '../config/read-env.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Plugin } from '../core/plugins/plugin.ts';
import type { Store } from '../core/store/create-store.ts';

/** What `createRuntime` is given: Chatwoot, the environment, the config and plugins, and test seams. */
export interface RuntimeOptions {
  chatwoot: ChatwootSettings;
  env: Pick<EnvSettings, 'presenceIntervalSeconds' | 'port' | 'webhookSecret' | 'storeUrl' | 'adminToken'>;
  config?: SwitchboardConfig;
  plugins: Plugin[];
  log: Logger;
  metrics?: Metrics;
  /** An open store (tests pass memory://); otherwise STORE_URL, default sqlite://data/switchboard.sqlite. */
  store?: Store;
  /** Where the HTTP server listens. Default all interfaces (a PaaS routes $PORT from outside). */
  host?: string;
  /** Faster timings for tests and the harness. */
  timings?: { outboxBaseMs?: number; outboxCapMs?: number; reconnectBaseMs?: number; reconnectCapMs?: number };
  now?: () => number;
  /** The environment plugins see as `ctx.env`. Default `process.env`. */
  pluginEnv?: Readonly<Record<string, string | undefined>>;
  /** Sees every event before the intake; returning true swallows it (the test harness's idle probe). */
  tap?: (event: AnyEvent) => boolean;
  /** Set when Chatwoot is the embedded simulator: `/readyz` and `status` say so. */
  sandbox?: boolean;
  /**
   * This instance lost the account's lease to another one (several instances on one Redis): it has
   * stopped acting; the process should stop and be restarted as a standby. Default: logged only.
   */
  onDeposed?: (reason: string) => void;
}
