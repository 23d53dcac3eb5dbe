import type { CableClient, CableStatus } from '../chatwoot/cable/cable-client.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { Bus } from '../core/bus/types.ts';
import type { CommandRegistry } from '../core/commands/command-types.ts';
import type { Role } from '../core/instances/instance-role.ts';
import type { Ledger } from '../core/ledger/create-ledger.ts';
import type { Outbox } from '../core/outbox/types.ts';
import type { Store } from '../core/store/create-store.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RuntimeStatus } from './runtime-status.ts';

/**
 * One running Switchboard: a Chatwoot connection wired to the plugins. `createRuntime` makes it;
 * the CLI, the test bot and the benches drive it through this interface only.
 *
 * @example
 * const runtime = createRuntime({ chatwoot, env, plugins: [hello], log });
 * await runtime.start();
 * process.on('SIGTERM', () => runtime.stop());
 */
export interface Runtime {
  readonly metrics: Metrics;
  /** Chatwoot's REST API with the bot's token (reads; plugins' writes go through the outbox). */
  readonly rest: ChatwootRest;
  /** The cable client (its status is also `cableStatus()`). */
  readonly cable: CableClient;
  readonly bus: Bus;
  readonly commands: CommandRegistry;
  status(): RuntimeStatus;
  /** The parts on the store; reading one before `start()` throws. */
  readonly ledger: Ledger;
  readonly outbox: Outbox;
  readonly store: Store;
  /**
   * Listens on $PORT first (a PaaS boot check sees the port while Chatwoot is reached), opens the
   * store, sets plugins up, checks the token and account (a permanent refusal throws
   * `ChatwootBootError`; a transient one is retried), resumes the outbox and connects.
   */
  start(): Promise<{ port: number }>;
  /** Resolves once this instance is active (at once when it is the only one). */
  active(): Promise<void>;
  /** single, standby, active or deposed (see several instances in the README). */
  role(): Role;
  /**
   * Stops presence and closes the cable with 1000, lets queued events reach the plugins (up to
   * `drainMs`: cursors already count them as delivered), aborts plugins' signals, keeps pending
   * writes in the outbox for the next start, and persists the ledger.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
  cableStatus(): CableStatus;
  /** Resolves once the inbox list was read (or failed to be) after start: inbox names known from then on. */
  inboxNamesLoaded(): Promise<void>;
  /** Calls `listener` on every cable status change; returns the unsubscribe function. */
  onCableStatus(listener: (status: CableStatus) => void): () => void;
  /** Resolves at the next (or current) confirmed subscription. */
  subscribed(): Promise<void>;
  /** Runs a catch-up pass now (the harness and tests use it; the runtime runs it on its own). */
  catchUp(): Promise<void>;
  /** Resolves when nothing is catching up, queued in the intake, running on the bus or pending in the outbox. */
  settled(): Promise<void>;
}
