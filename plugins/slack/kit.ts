/**
 * What other Slack-based plugins build on (the community inbox's Slack surface today): the Bolt
 * app shared per runtime (one Socket Mode connection per Slack app), the typed Web API calls and
 * their error translation, users.info profiles, the mrkdwn escaping, and the file download and
 * upload this plugin uses for its own files. Kept apart from index.ts; importing it loads
 * @slack/bolt, so import it only once a plugin is switched on.
 *
 * @example
 * import { createSlackApi, sharedBoltApp, toOutboxError } from 'switchboard/plugins/slack/kit';
 * const bolt = sharedBoltApp(ctx, { botToken, appToken, settings: { apiUrl, socketRetries } });
 * const api = createSlackApi(bolt.app.client);
 */
export { sharedBoltApp, type SharedBoltInput } from './shared-bolt-app.ts';
export type { BoltConnection } from './create-bolt-app.ts';
export { createSlackApi, type SlackApi, type SlackUser } from './slack-api.ts';
export { slackErrorCode, toOutboxError } from './errors.ts';
export { createIdentity, type SlackProfile } from './identity.ts';
export { escapeMrkdwn, toMrkdwn } from './to-mrkdwn.ts';
export { downloadSlackFile, FileTooLargeError } from './download-file.ts';
export { uploadFile, type UploadPayload } from './upload-file.ts';
export { refOf, parseRef } from './deps.ts';
export type { SlackMessageEvent } from './to-chatwoot.ts';
export { fromMrkdwn, userRefs } from './to-mrkdwn.ts';
