import { communityInboxId, type CommunityInboxSettings, type PluginContext } from '../index.ts';

/**
 * What a community surface (Discord or Slack members as customers of an API inbox) needs to switch
 * on, or undefined — then the plugin stays off, said in one line: an error when the inbox named in
 * the settings or the environment cannot be used (`communityInboxId`), else `offLine` when
 * something is missing (`offLine` reads `"<plugin>: off — …"`; the error line starts the same).
 * `read` gets the inbox id and reads the rest (tokens, channels).
 *
 * @example
 * const env = await communityEnv(ctx, (inboxId) => readCommunityEnv(ctx.env, ctx.config, inboxId), OFF_LINE);
 * if (env) startCommunity(ctx, env);
 */
export async function communityEnv<E>(
  ctx: Pick<PluginContext<CommunityInboxSettings>, 'config' | 'env' | 'log'>,
  read: (inboxId: number | undefined) => E | undefined,
  offLine: string,
): Promise<E | undefined> {
  const inbox = await communityInboxId(ctx.config, ctx.env, { log: ctx.log });
  if (inbox.problem) {
    // Said as the off line is: "<plugin>: off — <why>".
    const head = offLine.includes(' — ') ? offLine.slice(0, offLine.indexOf(' — ')) : 'off';
    ctx.log.error(`${head} — ${inbox.problem}`);
    return undefined;
  }
  const env = read(inbox.inboxId);
  if (!env) ctx.log.info(offLine);
  return env;
}
