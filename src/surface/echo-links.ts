import type { PluginContext } from '../index.ts';

/** A link as `ctx.links` stores it: the surface's key and what the surface keeps beside it. */
export interface SurfaceLink {
  key: string;
  data?: Record<string, unknown>;
}

/**
 * The data of an echo link: a Chatwoot message that a person wrote on this surface (and the
 * surface wrote to Chatwoot), linked back to the surface message it came from. The one shape
 * every surface writes.
 */
export interface EchoLinkData {
  fromSurface: true;
  /** It became a private note. */
  private: boolean;
}

/**
 * Links a Chatwoot message that came from this surface (the event's `originRef`) to the surface
 * message it was typed as: edits and deletes on the surface find it, and the mirror never posts
 * it back.
 *
 * @example
 * if (event.origin === 'slack' && event.originRef) await linkEcho(ctx.links, 'slack', event.message.id, event.originRef, { private: event.message.private });
 */
export async function linkEcho(links: PluginContext['links'], surface: string, messageId: number, ref: string, options: { private: boolean }): Promise<void> {
  const data: EchoLinkData = { fromSurface: true, private: options.private };
  await links.setMessage(messageId, surface, { key: ref, data: { ...data } });
}

/**
 * True when the link is an echo (see {@link EchoLinkData}) — also in the shapes earlier versions
 * stored: Slack's `{ own: false }` and Discord's `{ fromDiscord: true }`.
 *
 * @example
 * isEchoLink({ key: 'C1:1700.1', data: { own: false } }); // true
 * isEchoLink({ key: 'C1:1700.2', data: { own: true, text: '2:99' } }); // false: the bridge posted it
 */
export function isEchoLink(link: SurfaceLink | undefined): boolean {
  const data = link?.data;
  if (!data) return false;
  return data['fromSurface'] === true || data['fromDiscord'] === true || data['own'] === false;
}

/**
 * True when the link is a message the surface posted as a mirror of Chatwoot (so the mirror may
 * edit or remove it): any link that is not an echo.
 *
 * @example
 * const link = await ctx.links.getMessage(event.message.id, 'slack');
 * if (!isMirroredLink(link)) return; // not ours to edit
 */
export function isMirroredLink(link: SurfaceLink | undefined): link is SurfaceLink {
  return link !== undefined && !isEchoLink(link);
}

/**
 * Whether an echo link says its message became a private note (`private`; older links without it
 * say no).
 *
 * @example
 * echoWasPrivate(await ctx.links.getMessage(id, 'discord')); // true for a note typed on Discord
 */
export function echoWasPrivate(link: SurfaceLink | undefined): boolean {
  return link?.data?.['private'] === true;
}
