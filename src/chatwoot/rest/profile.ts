import type { Profile } from '../models.ts';
import { badResponse, UNREADABLE_HINT } from './error-mapping.ts';
import { expectRecord, type RestContext } from './rest-context.ts';
import type { ApiInfo, CallOptions } from './types.ts';

/** `GET /api` (installation info, no token) and `GET /api/v1/profile` (the token's user). */
export function profileApi(ctx: RestContext) {
  return {
    /** Version and health of the installation; `switchboard doctor` uses it before any token check. */
    async getApiInfo(options: CallOptions = {}): Promise<ApiInfo> {
      const req = { method: 'GET', path: '/api' } as const;
      const body = expectRecord(await ctx.send({ ...req, auth: false, signal: options.signal }), req);
      if (typeof body['version'] !== 'string') throw badResponse(req.method, req.path, undefined, 'no "version" in the answer (is this Chatwoot?)');
      return body as ApiInfo;
    },

    /**
     * The token's user, with `pubsub_token` for the websocket (re-read it on reconnect: it rotates).
     * `access_token` is dropped from the result: the caller has it already, and a copy in a
     * returned object is one more way for it to reach a log.
     */
    async getProfile(options: CallOptions = {}): Promise<Profile> {
      const req = { method: 'GET', path: '/api/v1/profile' } as const;
      const body = expectRecord(await ctx.send({ ...req, signal: options.signal }), req);
      const id = Number(body['id']);
      if (!Number.isSafeInteger(id) || id <= 0) throw badResponse(req.method, req.path, undefined, 'profile has no id', UNREADABLE_HINT);
      if (typeof body['pubsub_token'] !== 'string') {
        throw badResponse(req.method, req.path, undefined, 'profile has no pubsub_token (agent-bot tokens cannot use the websocket)', '');
      }
      const { access_token: _dropped, ...rest } = body;
      return { ...rest, id, name: typeof body['name'] === 'string' ? body['name'] : '', pubsub_token: body['pubsub_token'] } as Profile;
    },
  };
}
