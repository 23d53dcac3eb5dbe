import { randomBytes } from 'node:crypto';

/** One part of a {@link multipartBody}: a text field, or a file. */
export type MultipartPart =
  | { name: string; value: string; contentType?: string }
  | { name: string; filename: string; data: Uint8Array; contentType?: string };

/**
 * A `multipart/form-data` body as one Buffer, with text fields sent byte for byte. FormData
 * (undici's, as the HTML form algorithm asks) turns every line break of a field into CRLF, so a
 * customer's "a\nb" would reach Chatwoot as "a\r\nb" whenever a file came with it; this keeps the
 * text as written. Used for Chatwoot's message uploads and the Discord plugin's (`payload_json` +
 * `files[n]`, sent without crossing FormData between undici copies).
 *
 * @example
 * const { body, contentType } = multipartBody([{ name: 'content', value: 'a\nb' }, { name: 'attachments[]', filename: 'a.png', data, contentType: 'image/png' }]);
 */
export function multipartBody(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----switchboard${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = 'filename' in part;
    const disposition = `form-data; name="${escapeQuoted(part.name)}"${file ? `; filename="${escapeQuoted(part.filename)}"` : ''}`;
    const type = part.contentType ?? (file ? 'application/octet-stream' : undefined);
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`));
    chunks.push(file ? Buffer.from(part.data) : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Names and file names in a header: the WHATWG form encoding's escapes for `"`, CR and LF. */
function escapeQuoted(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
