const ZWSP = '\u200b';

/**
 * Defuses everything in `text` that Discord would turn into a ping: `@everyone`, `@here`, and
 * user, role and channel mentions (`<@1>`, `<@!1>`, `<@&1>`, `<#1>`). Used together with
 * `allowed_mentions: { parse: [] }`, so customer text can never ping, even if one layer fails.
 *
 * @example
 * escapeMentions('hey @everyone <@&123>'); // 'hey @\u200beveryone <\u200b@&123>'
 */
export function escapeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(@[!&]?|#)(\d+)>/g, `<${ZWSP}$1$2>`);
}

/** Discord's limit on a message's content. */
export const MAX_CONTENT = 2000;
