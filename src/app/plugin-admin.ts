import { timingSafeEqual } from 'node:crypto';
import type { RouteHandler } from '../core/plugins/route-handler.ts';
import { sendJson } from '../http/send-json.ts';
import { CommandError, type CommandRegistry } from '../core/commands/command-types.ts';
import { BUILT_IN_PLUGIN } from '../core/commands/built-in-deps.ts';
import type { Logger } from '../observability/logger.ts';

/** The part of the bus the admin needs. */
export interface PluginControl {
  paused(): string[];
  resume(name: string): void;
}

/** Route prefix of `POST /admin/plugins/<name>/resume`. */
export const ADMIN_PLUGINS_PREFIX = '/admin/plugins/';

/**
 * Resuming a plugin paused after repeated failures, without a restart: the `resume <plugin>`
 * command (admin role) and `POST /admin/plugins/<name>/resume`, which needs
 * `Authorization: Bearer $SWITCHBOARD_ADMIN_TOKEN` and is refused while no token is configured.
 *
 * @example
 * const admin = createPluginAdmin({ bus, plugins: ['slack'], adminToken: env.adminToken, log });
 * admin.registerCommand(commands);
 * http.prefix(ADMIN_PLUGINS_PREFIX, admin.route);
 */
export function createPluginAdmin(deps: { bus: PluginControl; plugins: () => string[]; adminToken?: string | undefined; log: Logger }) {
  const resume = (name: string, by: string): { ok: true; wasPaused: boolean } | { ok: false; error: string } => {
    if (!deps.plugins().includes(name)) return { ok: false, error: `no plugin named "${name}" (loaded: ${deps.plugins().join(', ') || 'none'})` };
    const wasPaused = deps.bus.paused().includes(name);
    deps.bus.resume(name);
    deps.log.info({ plugin: name, by, wasPaused }, wasPaused ? `plugin "${name}" resumed by ${by}` : `plugin "${name}" was not paused`);
    return { ok: true, wasPaused };
  };

  const route: RouteHandler = (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const match = /^\/admin\/plugins\/([^/]+)\/resume$/.exec(path);
    if (!match) return sendJson(res, 404, { error: `not found: ${path}` });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed: use POST' }, { allow: 'POST' });
    if (!deps.adminToken) return sendJson(res, 403, { error: 'the admin API is off: set SWITCHBOARD_ADMIN_TOKEN to use it' });
    if (!bearerMatches(req.headers.authorization, deps.adminToken)) return sendJson(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
    const name = decodeURIComponent(match[1] ?? '');
    const outcome = resume(name, 'POST /admin/plugins');
    if (!outcome.ok) return sendJson(res, 404, { error: outcome.error });
    return sendJson(res, 200, { plugin: name, resumed: outcome.wasPaused, paused: false });
  };

  return {
    route,
    registerCommand(registry: CommandRegistry): void {
      registry.register(
        BUILT_IN_PLUGIN,
        {
          name: 'resume',
          description: 'Resume a plugin that was paused after repeated failures',
          args: [{ name: 'plugin', required: true, description: 'the plugin name (status lists paused ones)' }],
          permission: 'admin',
        },
        async (cmd) => {
          const name = String(cmd.args['plugin']);
          const outcome = resume(name, `${cmd.surface}:${cmd.user.name}`);
          if (!outcome.ok) throw new CommandError(outcome.error);
          await cmd.reply(outcome.wasPaused ? `plugin "${name}" resumed: it gets new events again` : `plugin "${name}" was not paused`);
        },
      );
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
