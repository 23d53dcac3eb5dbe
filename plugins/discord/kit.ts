/**
 * What other Discord-based plugins build on (the community inbox's Discord surface today): the
 * discord.js client — one per bot token for the runtime, shared with this plugin — the typed REST
 * calls, Discord's error codes, file handling both ways, the channel webhooks, and the neutralising
 * formatters. Kept apart from index.ts so importing the Discord plugin stays light (discord.js loads
 * only when a plugin that needs it is switched on).
 *
 * @example
 * import { createDiscordApi, sharedDiscordClient } from 'switchboard/plugins/discord/kit';
 * const discord = sharedDiscordClient(ctx, { token });
 * const api = createDiscordApi(discord.client.rest);
 * ctx.onActive(() => discord.login().catch((error) => ctx.log.error({ err: error }, 'login failed')));
 */
export { createDiscordClient } from './create-discord-client.ts';
export { sharedDiscordClient, type SharedDiscordClient } from './shared-discord-client.ts';
export { createDiscordApi, type DiscordApi, type WebhookRef } from './discord-api.ts';
export { discordCode, discordMessage, toOutboxError } from './errors.ts';
export { escapeMentions } from './escape-mentions.ts';
export { mirroredMessage, postContent, posterName, webhookUsername, type MirroredFile, type MirroredMessage } from './format-message.ts';
export { CHATWOOT_MAX_FILE, downloadAttachments, type AttachmentRef } from './discord-attachments.ts';
export { discordUploadLimit, fileLink, prepareFiles, type PreparedUpload } from './prepare-files.ts';
export { createWebhooks, type Webhooks } from './webhooks.ts';
export { formatBytes } from './format-bytes.ts';
