import type { IncomingMessage } from 'node:http';

/** A file from a multipart upload (`attachments[]`). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A request body as Rails would see it: params (JSON, form or multipart fields) plus uploaded files. */
export interface ParsedBody {
  params: Record<string, unknown>;
  files: UploadedFile[];
}

export class BodyParseError extends Error {}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses JSON, urlencoded and multipart bodies. Multipart goes through the WHATWG `Response`
 * parser (undici), so no extra dependency. Repeated `name[]` fields become arrays, like Rack.
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (raw.length === 0) return { params: {}, files: [] };
  if (type === 'application/json' || type.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BodyParseError('Error occurred while parsing request parameters');
    }
    // Rails wraps a non-object JSON body under `_json`.
    return { params: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { _json: value }, files: [] };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) addParam(params, key, value);
    return { params, files: [] };
  }
  if (type === 'multipart/form-data') return parseMultipart(raw, contentType ?? '');
  return { params: {}, files: [] };
}

function addParam(params: Record<string, unknown>, key: string, value: unknown): void {
  if (key.endsWith('[]')) {
    const name = key.slice(0, -2);
    const list = Array.isArray(params[name]) ? (params[name] as unknown[]) : [];
    list.push(value);
    params[name] = list;
  } else {
    params[key] = value;
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BodyParseError('Error occurred while parsing request parameters');
  }
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') {
      addParam(params, key, value);
      continue;
    }
    const file: UploadedFile = {
      field: key.endsWith('[]') ? key.slice(0, -2) : key,
      filename: value.name || 'blob',
      contentType: value.type || 'application/octet-stream',
      data: Buffer.from(await value.arrayBuffer()),
    };
    files.push(file);
    addParam(params, key, { filename: file.filename, content_type: file.contentType, size: file.data.length });
  }
  return { params, files };
}
