import type { Plugin } from '../core/plugins/plugin.ts';
import type { SandboxScene } from './sandbox-scene.ts';

/**
 * Non-secret settings, checked into `config/switchboard.config.ts`. Secrets come from the environment.
 * Checked at boot against `configSchema` (`config-schema.ts`, where the defaults below are set): a
 * wrong type, a value out of range or an unknown key stops the boot with a line naming the field.
 */
export interface SwitchboardConfig {
  /** Plugins to load: plugin objects, or module paths relative to the working directory. */
  plugins?: Array<Plugin | string>;
  /** Each plugin's settings, by plugin name; validated against the plugin's `config` schema at boot. */
  settings?: Record<string, unknown>;
  runtime?: {
    /** Handler calls running at once across conversations. Default 32. */
    concurrency?: number;
    /** A handler call taking longer is aborted and counted as a failure. Default 30 000. */
    handlerTimeoutMs?: number;
    /** A plugin failing this many times in a row is paused (and /readyz says so). Default 5. */
    pauseAfterFailures?: number;
    /** Periodic catch-up sweep over REST, for events lost without a visible disconnect. Default 300 000; 0 disables. */
    sweepMs?: number;
    /**
     * How late Chatwoot may deliver a message after a newer one (its broadcast jobs race): a cursor
     * passes a live message only after the cable stayed up this long. Default 10 000.
     */
    reorderWindowMs?: number;
    /** How long a side effect is retried through transient errors (5xx, network) before it fails for good. Rate limits (429) never count. Default 3 600 000. */
    retryForMs?: number;
    /**
     * Which paused plugins make `/readyz` answer 503: `true` every plugin, a list of names those
     * plugins. Default false: a paused plugin is reported in `/readyz` and `status`, but one optional
     * plugin in trouble does not take the bot out of rotation.
     */
    readyRequiresPlugins?: boolean | string[];
    /**
     * Several instances on one Redis (`STORE_URL=redis://…`): how long the active instance's lease
     * lasts without renewal. A standby takes over within about this long after a crash. Default 6 000.
     */
    leaseTtlMs?: number;
  };
  webhook?: {
    /** Accept unsigned `POST /webhooks/chatwoot` deliveries (Chatwoot < 4.13 signs nothing). Default false. */
    allowUnsigned?: boolean;
  };
  sandbox?: {
    /** Plugins added only in the sandbox (no CHATWOOT_URL), e.g. the console surface. */
    plugins?: Array<Plugin | string>;
    /** Simulated customers writing in, so the sandbox shows traffic. Default true. */
    customers?: boolean;
    /** Simulated outside worlds started on request (`npm start -- --scene <name>`), e.g. a Discord community. Default none. */
    scenes?: SandboxScene[];
  };
  cable?: {
    /** How long to wait for `confirm_subscription` before retrying on a fresh socket. Default 10 000. */
    confirmTimeoutMs?: number;
    /** No frame (Chatwoot pings every 3 s) for this long → reconnect. Default 6 000. */
    staleAfterMs?: number;
    /** Backoff ceiling between reconnects. Default 30 000. */
    backoffCapMs?: number;
    /** Re-read the profile this often to notice a rotated pubsub token. Default 300 000; 0 never. */
    profileRefreshMs?: number;
  };
}

/**
 * Declares the configuration; an identity function for types.
 *
 * @example
 * // config/switchboard.config.ts
 * import { defineConfig } from '../src/index.ts';
 * import hello from '../plugins/examples/hello.ts';
 *
 * export default defineConfig({ plugins: [hello], webhook: { allowUnsigned: false } });
 */
export function defineConfig(config: SwitchboardConfig): SwitchboardConfig {
  return config;
}
