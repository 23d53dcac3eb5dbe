import { RetryableError, type ChatwootRest } from '../../src/index.ts';
import { downloadAttachments, formatBytes, type AttachmentRef } from '../discord/kit.ts';

type AttachmentInput = NonNullable<Parameters<ChatwootRest['createIncomingMessage']>[1]['attachments']>[number];

/**
 * A member's attachments for Chatwoot: downloaded (the Discord plugin's `downloadAttachments`) and
 * handed over as files; a file over `maxBytes` — or one the CDN no longer serves (4xx: an expired
 * or deleted attachment) — becomes a visible line with its link, so the message itself is never
 * lost. Any other failure (network, 5xx) is retried by the outbox.
 *
 * @example
 * const { files, lines } = await memberFiles(payload.files, 40 * 1024 * 1024);
 */
export async function memberFiles(refs: AttachmentRef[], maxBytes: number): Promise<{ files: AttachmentInput[]; lines: string[] }> {
  const files: AttachmentInput[] = [];
  const lines: string[] = [];
  for (const ref of refs) {
    try {
      const { uploads, links } = await downloadAttachments({ attachments: [ref] }, maxBytes);
      lines.push(...links);
      for (const upload of uploads) files.push({ filename: upload.filename, data: Buffer.from(upload.base64, 'base64'), ...(upload.contentType ? { contentType: upload.contentType } : {}) });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) lines.push(`📎 ${ref.name} (${formatBytes(ref.size)}, could not be downloaded: HTTP ${status}): ${ref.url}`);
      else throw new RetryableError(`discord-community: could not download ${ref.name}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { files, lines };
}
