import type { ChatwootRest } from '../../src/index.ts';
import { downloadSlackFile, FileTooLargeError } from '../slack/kit.ts';
import type { CommunityDeps } from './deps.ts';

/** A file a member shared, as the message event names it. */
export interface MemberFile {
  id: string;
  name: string;
  size?: number;
  mimetype?: string;
  /** `url_private_download`, else `url_private`; absent for files Slack hides (e.g. from another workspace without access). */
  url?: string;
}

type Attachments = NonNullable<Parameters<ChatwootRest['createIncomingMessage']>[1]['attachments']>;

/**
 * A member's files as real attachments for Chatwoot (downloaded with the bot token), and one line
 * per file that cannot go: larger than `maxFileBytes`, or not downloadable. The lines go into the
 * message so the agent knows a file was there.
 *
 * @example
 * const { attachments, lines } = await memberFiles(deps, payload.files, signal);
 */
export async function memberFiles(deps: Pick<CommunityDeps, 'ctx' | 'env'>, files: MemberFile[], signal?: AbortSignal): Promise<{ attachments: Attachments; lines: string[] }> {
  const max = deps.ctx.config.maxFileBytes;
  const limit = max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${Math.round(max / 1024)} KB`;
  const attachments: Attachments = [];
  const lines: string[] = [];
  for (const file of files) {
    if ((file.size ?? 0) > max) {
      lines.push(`📎 ${file.name} was not sent: it is larger than ${limit}.`);
      continue;
    }
    if (!file.url) {
      lines.push(`📎 ${file.name} could not be downloaded from Slack.`);
      continue;
    }
    try {
      const bytes = await downloadSlackFile(file.url, { botToken: deps.env.botToken, maxBytes: max, ...(signal ? { signal } : {}) });
      attachments.push({ filename: file.name, data: bytes, ...(file.mimetype ? { contentType: file.mimetype } : {}) });
    } catch (error) {
      if (error instanceof FileTooLargeError) {
        lines.push(`📎 ${file.name} was not sent: it is larger than ${limit}.`);
        continue;
      }
      if (signal?.aborted) throw error;
      deps.ctx.log.warn({ file: file.id, err: (error as Error).message }, 'slack-community: could not download a member\'s file — check the files:read scope');
      lines.push(`📎 ${file.name} could not be downloaded from Slack.`);
    }
  }
  return { attachments, lines };
}
