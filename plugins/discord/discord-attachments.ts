import type { AttachmentUpload } from '../../src/index.ts';
import { formatBytes } from './format-bytes.ts';

/** Chatwoot refuses larger uploads (its default ACTIVE_STORAGE limit). */
export const CHATWOOT_MAX_FILE = 40 * 1024 * 1024;

/** What is read of an attachment: a discord.js `Attachment`, or the same fields kept as plain data. */
export interface AttachmentRef {
  name: string;
  size: number;
  url: string;
  contentType?: string | null;
}

/**
 * A Discord message's attachments for Chatwoot: downloaded when Chatwoot takes them; larger ones
 * become visible link lines instead of vanishing. A failed download throws, with the HTTP `status`
 * when the CDN answered.
 *
 * @example
 * const { uploads, links } = await downloadAttachments(message);
 * await ctx.chatwoot.reply(id, [text, ...links].join('\n'), { attachments: uploads });
 */
export async function downloadAttachments(message: { attachments: { values(): Iterable<AttachmentRef> } }, maxBytes = CHATWOOT_MAX_FILE): Promise<{ uploads: AttachmentUpload[]; links: string[] }> {
  const uploads: AttachmentUpload[] = [];
  const links: string[] = [];
  for (const attachment of message.attachments.values()) {
    if (attachment.size > maxBytes) {
      links.push(`📎 ${attachment.name} (${formatBytes(attachment.size)}, too large for Chatwoot, over ${formatBytes(maxBytes)}): ${attachment.url}`);
      continue;
    }
    const response = await fetch(attachment.url);
    if (!response.ok) throw Object.assign(new Error(`discord: could not download ${attachment.name}: HTTP ${response.status}`), { status: response.status });
    uploads.push({
      filename: attachment.name,
      base64: Buffer.from(await response.arrayBuffer()).toString('base64'),
      ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    });
  }
  return { uploads, links };
}
