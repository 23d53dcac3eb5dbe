import { formatBytes } from './format-bytes.ts';
import type { MirroredFile } from './format-message.ts';
import type { UploadFile } from './multipart-body.ts';

const MB = 1024 * 1024;

/**
 * Discord's upload limit per file for a guild's boost tier (10 MB, 50 MB at tier 2, 100 MB at
 * tier 3): larger uploads make Discord refuse the whole message.
 *
 * @example
 * discordUploadLimit(0); // 10485760
 */
export function discordUploadLimit(premiumTier: number | undefined): number {
  if ((premiumTier ?? 0) >= 3) return 100 * MB;
  return premiumTier === 2 ? 50 * MB : 10 * MB;
}

/**
 * The visible line standing for a file that is not uploaded.
 *
 * @example
 * fileLink({ name: 'big.bin', url: 'https://x/big.bin' }, 'over 10 MB'); // '📎 [big.bin](https://x/big.bin) — not uploaded: over 10 MB'
 */
export function fileLink(file: Pick<MirroredFile, 'name' | 'url'>, why: string): string {
  // The name is the sender's: brackets would break (or disguise) the link.
  return `📎 [${file.name.replace(/[[\]]/g, '') || 'file'}](${file.url}) — not uploaded: ${why}`;
}

/** A file to upload, remembering where it came from (to link it if Discord still refuses it). */
export type PreparedUpload = UploadFile & { url: string };

/**
 * Downloads what fits under `maxBytes`; the rest become link lines saying why (too large, or the
 * download failed), so nothing disappears silently.
 *
 * @example
 * const { uploads, links } = await prepareFiles(message.files, 10 * 1024 * 1024, signal);
 */
export async function prepareFiles(files: MirroredFile[], maxBytes: number, signal: AbortSignal): Promise<{ uploads: PreparedUpload[]; links: string[] }> {
  const uploads: PreparedUpload[] = [];
  const links: string[] = [];
  const tooLarge = (size: number) => `${formatBytes(size)} is over the ${formatBytes(maxBytes)} upload limit`;
  for (const file of files) {
    if (file.size !== undefined && file.size > maxBytes) {
      links.push(fileLink(file, tooLarge(file.size)));
      continue;
    }
    try {
      const response = await fetch(file.url, { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > maxBytes) links.push(fileLink(file, tooLarge(data.length)));
      else uploads.push({ name: file.name, url: file.url, data, contentType: response.headers.get('content-type') ?? 'application/octet-stream' });
    } catch (error) {
      if (signal.aborted) throw error;
      links.push(fileLink(file, `download failed (${(error as Error).message})`));
    }
  }
  return { uploads, links };
}
