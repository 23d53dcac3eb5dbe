import { describe, expect, it } from 'vitest';
import { multipartBody } from '../../../src/chatwoot/rest/multipart-body.ts';
import { parseMultipart } from '../../../src/fake-http/parse-body.ts';

describe('multipartBody', () => {
  it('sends text fields byte for byte (FormData would turn \\n into \\r\\n) and files as they are', async () => {
    const text = 'line one\nline two\r\nthree\rfour — ✓';
    const data = new Uint8Array([0, 13, 10, 255]);
    const { body, contentType } = multipartBody([
      { name: 'content', value: text },
      { name: 'attachments[]', filename: 'a "b".png', data, contentType: 'image/png' },
    ]);
    const { fields, files } = await parseMultipart(body, contentType);
    expect(fields).toEqual([['content', text]]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ field: 'attachments[]', filename: 'a "b".png', contentType: 'image/png' });
    expect([...files[0]!.data]).toEqual([...data]);
    // What FormData sends for the same field: the line breaks changed (the old way, kept as the reason).
    const form = new FormData();
    form.append('content', text);
    const encoded = new Response(form);
    const viaFormData = await parseMultipart(Buffer.from(await encoded.arrayBuffer()), encoded.headers.get('content-type')!);
    expect(viaFormData.fields[0]?.[1]).not.toBe(text);
  });
});
