/**
 * `CHATWOOT_URL` → the ActionCable endpoint and the Origin header Rails expects.
 * http→ws, https→wss; a path prefix (Chatwoot behind a sub-path) is kept.
 *
 * @example
 * cableEndpoint('https://chat.example.com') // { url: 'wss://chat.example.com/cable', origin: 'https://chat.example.com' }
 */
export function cableEndpoint(chatwootUrl: string): { url: string; origin: string } {
  const base = new URL(chatwootUrl);
  const protocol = base.protocol === 'https:' ? 'wss:' : base.protocol === 'http:' ? 'ws:' : base.protocol;
  const path = base.pathname.replace(/\/+$/, '');
  return { url: `${protocol}//${base.host}${path}/cable`, origin: base.origin };
}
