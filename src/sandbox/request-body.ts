import { parseBody as parseHttpBody, type UploadedFile } from '../fake-http/index.ts';

export { BodyParseError } from '../fake-http/index.ts';

/** A file from a multipart upload (`attachments[]`); `field` without the `[]`. */
export type { UploadedFile };

/** A request body as Rails would see it: params (JSON, form or multipart fields) plus uploaded files. */
export interface ParsedBody {
  params: Record<string, unknown>;
  files: UploadedFile[];
}

/**
 * Parses JSON, urlencoded and multipart bodies (fake-http) into Rack's params: repeated `name[]`
 * fields become arrays, a non-object JSON body sits under `_json`, files appear as their metadata.
 *
 * @example
 * const body = await parseBody(raw, req.headers['content-type']); // { params: { content: 'hi' }, files: [] }
 * @throws {BodyParseError} for JSON or multipart that does not parse (Rails answers 400)
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  const parsed = await parseHttpBody(raw, contentType);
  if (parsed.kind === 'json') {
    const value = parsed.json;
    return { params: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { _json: value }, files: [] };
  }
  const params: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [key, value] of parsed.entries) {
    if (typeof value === 'string') {
      addParam(params, key, value);
      continue;
    }
    const file = { ...value, field: key.endsWith('[]') ? key.slice(0, -2) : key };
    files.push(file);
    addParam(params, key, { filename: file.filename, content_type: file.contentType, size: file.data.length });
  }
  return { params, files };
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
