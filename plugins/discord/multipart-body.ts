import { multipartBody as encode } from '../../src/index.ts';

/** A file for {@link discordMultipart}. */
export interface UploadFile {
  name: string;
  data: Buffer;
  contentType?: string;
}

/**
 * Discord's multipart upload (`payload_json` + `files[n]`) as one Buffer, through the one encoder
 * the tree has (`multipartBody`). Sent with `passThroughBody`, so no FormData crosses between the
 * several undici copies in the process (discord.js's own undici chokes on another copy's global
 * dispatcher).
 *
 * @example
 * const { body, contentType } = discordMultipart({ content: 'hi' }, [{ name: 'a.txt', data: Buffer.from('x') }]);
 * await rest.post(route, { body, passThroughBody: true, headers: { 'Content-Type': contentType } });
 */
export function discordMultipart(payload: Record<string, unknown>, files: UploadFile[]): { body: Buffer; contentType: string } {
  return encode([
    { name: 'payload_json', value: JSON.stringify(payload), contentType: 'application/json' },
    ...files.map((file, index) => ({ name: `files[${index}]`, filename: file.name, data: file.data, contentType: file.contentType ?? 'application/octet-stream' })),
  ]);
}
