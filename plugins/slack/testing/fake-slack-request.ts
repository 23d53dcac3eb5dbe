import { parseForm, parseJson, parseMultipart, type ReceivedRequest } from '../../../src/testing/index.ts';

// Form-encoded Web API calls carry these as JSON strings.
const JSON_PARAMS = ['blocks', 'metadata', 'attachments', 'files'];

/**
 * Web API params: a JSON body, or a form whose JSON-valued fields (blocks, metadata…) are decoded.
 *
 * @example
 * const params = parseParams(await readRequest(req)); // { channel: 'C1', text: 'hi', blocks: [...] }
 */
export function parseParams(request: ReceivedRequest): Record<string, unknown> {
  if (request.contentType.includes('json')) return (request.raw.length > 0 ? parseJson(request.raw) : {}) as Record<string, unknown>;
  const params: Record<string, unknown> = Object.fromEntries(parseForm(request.raw));
  for (const key of JSON_PARAMS) {
    const value = params[key];
    if (typeof value === 'string' && /^[[{]/.test(value)) params[key] = JSON.parse(value);
  }
  return params;
}

/**
 * What was POSTed to an upload URL: the bytes, or of a multipart body (the Web API client's) the file part.
 *
 * @example
 * methods.receiveUpload(id, await uploadedBytes(request));
 */
export async function uploadedBytes(request: ReceivedRequest): Promise<Buffer> {
  if (request.contentType !== 'multipart/form-data') return request.raw;
  const form = await parseMultipart(request.raw, String(request.headers['content-type']));
  return form.files[0]?.data ?? request.raw;
}
