import { randomBytes } from 'node:crypto';

/** A file for {@link multipartBody}. */
export interface UploadFile {
  name: string;
  data: Buffer;
  contentType?: string;
}

/**
 * Discord's multipart upload (`payload_json` + `files[n]`) as one Buffer. Sent with
 * `passThroughBody`, so no FormData crosses between the several undici copies in the process
 * (discord.js's own undici chokes on another copy's global dispatcher).
 *
 * @example
 * const { body, contentType } = multipartBody({ content: 'hi' }, [{ name: 'a.txt', data: Buffer.from('x') }]);
 * await rest.post(route, { body, passThroughBody: true, headers: { 'Content-Type': contentType } });
 */
export function multipartBody(payload: Record<string, unknown>, files: UploadFile[]): { body: Buffer; contentType: string } {
  const boundary = `----switchboard${randomBytes(12).toString('hex')}`;
  const quote = (text: string) => text.replace(/["\r\n\\]/g, '_');
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(payload)}\r\n`),
  ];
  files.forEach((file, index) => {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files[${index}]"; filename="${quote(file.name)}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
