/**
 * What other Discord-based plugins build on (the community inbox's Discord surface today): the
 * discord.js client as this plugin configures it, the typed REST calls, Discord's error codes, and
 * the neutralising formatters. Kept apart from index.ts so importing the Discord plugin stays light
 * (discord.js loads only when a plugin that needs it is switched on).
 *
 * @example
 * import { createDiscordApi, createDiscordClient } from 'switchboard/plugins/discord/kit';
 * const client = createDiscordClient({ token });
 * const api = createDiscordApi(client.rest);
 */
export { createDiscordClient } from './create-discord-client.ts';
export { sharedDiscordClient, type SharedDiscordClient } from './shared-discord-client.ts';
export { createDiscordApi, type DiscordApi, type WebhookRef } from './discord-api.ts';
export { discordCode, discordMessage } from './errors.ts';
export { escapeMentions } from './escape-mentions.ts';
export { postContent } from './format-message.ts';
export { CHATWOOT_MAX_FILE, downloadAttachments, type AttachmentRef } from './discord-attachments.ts';
export { discordUploadLimit, fileLink, prepareFiles, type PreparedUpload } from './prepare-files.ts';
export { mirroredMessage, posterName, webhookUsername, type MirroredFile, type MirroredMessage } from './format-message.ts';
export { createWebhooks, type Webhooks } from './webhooks.ts';
export { toOutboxError } from './errors.ts';
export { formatBytes } from './format-bytes.ts';
