/** Surfaces that reach real people; the sandbox keeps them off unless asked (SWITCHBOARD_SANDBOX_SURFACES). */
const REAL_SURFACES = ['slack', 'discord'] as const;

/**
 * The environment plugins see in the sandbox: a real surface's variables (`SLACK_*`, `DISCORD_*`)
 * are left out unless the surface is listed in SWITCHBOARD_SANDBOX_SURFACES, so simulated customers
 * are never mirrored into real channels just because a token happens to be set.
 *
 * @example
 * sandboxPluginEnv({ SLACK_BOT_TOKEN: 'x', PATH: '/bin' }, []); // { env: { PATH: '/bin' }, withheld: ['slack'] }
 */
export function sandboxPluginEnv(env: Readonly<Record<string, string | undefined>>, allowed: readonly string[]) {
  const withheld = new Set<string>();
  const visible: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    const surface = REAL_SURFACES.find((s) => name.startsWith(`${s.toUpperCase()}_`));
    if (surface && !allowed.includes(surface)) {
      if (value !== undefined && value.trim() !== '') withheld.add(surface);
      continue;
    }
    visible[name] = value;
  }
  return { env: visible, withheld: [...withheld] };
}
