/** Which paused plugins take the bot out of rotation (`runtime.readyRequiresPlugins`). */
export type ReadyRequiresPlugins = boolean | string[];

/**
 * `/readyz`: ready while the cable subscription is confirmed, or while a hot standby (several
 * instances); never once this instance lost its lease. A paused plugin only counts when the
 * configuration says it is required — `true` for every plugin, or a list of names — so one
 * optional plugin in trouble does not take the whole bot out of a load balancer's rotation.
 *
 * @example
 * isReady({ cable: 'subscribed', pausedPlugins: ['sla-alert'] }, ['slack']); // true
 * isReady({ cable: 'subscribed', pausedPlugins: ['slack'] }, ['slack']);     // false
 */
export function isReady(state: { cable: string; pausedPlugins: readonly string[]; role?: string }, requires: ReadyRequiresPlugins = false): boolean {
  // A hot standby is ready: it takes over when the active instance goes, and meanwhile hands what it
  // receives (Slack HTTP mode behind a load balancer) to the active one.
  if (state.role === 'standby') return true;
  if (state.role === 'deposed') return false;
  if (state.cable !== 'subscribed') return false;
  if (requires === true) return state.pausedPlugins.length === 0;
  if (requires === false) return true;
  return !state.pausedPlugins.some((name) => requires.includes(name));
}
