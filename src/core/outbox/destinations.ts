import type { OutboxEntry } from './types.ts';

/**
 * A plugin's outbox destination, namespaced like its kinds: `slack` + `C123` → `slack:C123`. Two
 * plugins can then never share a lane (or its rate limit) by naming the same destination, nor
 * pose as Chatwoot's `chatwoot:<id>` lanes.
 *
 * @example
 * pluginDestination('discord', '1234'); // 'discord:1234'
 */
export function pluginDestination(plugin: string, destination: string): string {
  return `${plugin}:${destination}`;
}

/** The conversation of a Chatwoot write's destination (`chatwoot:42`), for entries stored before it was a field. */
const CHATWOOT_DESTINATION = /^chatwoot:(\d+)$/;

/**
 * An entry as an earlier version stored it, brought up to date when it is loaded: its
 * `conversationId` read from a `chatwoot:<id>` destination, and a plugin's destination namespaced
 * (`1234` → `discord:1234`; Slack's `slack:C123` already was) — so it shares its lane, order and
 * rate limit with the entries queued after the upgrade. Current entries come back unchanged.
 *
 * @example
 * upgradeEntry({ ...entry, kind: 'discord.post', destination: '1234', meta: { plugin: 'discord' } }).destination; // 'discord:1234'
 */
export function upgradeEntry<P>(entry: OutboxEntry<P>): OutboxEntry<P> {
  let upgraded = entry;
  if (upgraded.conversationId === undefined) {
    const match = CHATWOOT_DESTINATION.exec(upgraded.destination);
    if (match && Number(match[1]) > 0) upgraded = { ...upgraded, conversationId: Number(match[1]) };
  }
  const plugin = upgraded.meta?.['plugin'];
  if (typeof plugin === 'string' && upgraded.kind.startsWith(`${plugin}.`) && !upgraded.destination.startsWith(`${plugin}:`)) {
    upgraded = { ...upgraded, destination: pluginDestination(plugin, upgraded.destination) };
  }
  return upgraded;
}
