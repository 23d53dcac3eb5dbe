import { mediaType } from './read-request.ts';

/** A file part of a multipart body. `field` is the part's name as sent (`attachments[]`, `files[0]`). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A body taken apart: JSON as a value; form and multipart as ordered fields (repeats kept) plus files. */
export interface ParsedRequestBody {
  kind: 'empty' | 'json' | 'form' | 'multipart' | 'other';
  json?: unknown;
  fields: Array<[string, string]>;
  files: UploadedFile[];
  /** Fields and files together, in the order they were sent. */
  entries: Array<[string, string | UploadedFile]>;
}

/** A body that says it is JSON or multipart but is not: servers answer 400 (Rails), fakes decide. */
export class BodyParseError extends Error {
  constructor(message = 'Error occurred while parsing request parameters') {
    super(message);
  }
}

const NOTHING = { fields: [], files: [], entries: [] } as const satisfies Pick<ParsedRequestBody, 'fields' | 'files' | 'entries'>;

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

/**
 * @example
 * parseJson(Buffer.from('{"a":1}')); // { a: 1 }
 * @throws {BodyParseError}
 */
export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new BodyParseError();
  }
}

/**
 * Urlencoded fields in order, repeats kept.
 *
 * @example
 * parseForm(Buffer.from('x=1&x=2')); // [['x', '1'], ['x', '2']]
 */
export function parseForm(raw: Buffer): Array<[string, string]> {
  return [...new URLSearchParams(raw.toString('utf8'))];
}

/**
 * Multipart through the WHATWG `Response` parser (undici, no extra dependency).
 *
 * @example
 * const { fields, files } = await parseMultipart(raw, req.headers['content-type']!);
 * @throws {BodyParseError}
 */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<Pick<ParsedRequestBody, 'fields' | 'files' | 'entries'>> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new BodyParseError();
  }
  const entries: ParsedRequestBody['entries'] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') entries.push([key, value]);
    else entries.push([key, { field: key, filename: value.name || 'blob', contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) }]);
  }
  const fields = entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return { fields, files: entries.flatMap(([, value]) => (typeof value === 'string' ? [] : [value])), entries };
}

/**
 * Parses a body by its `content-type`: JSON (`application/json`, `*+json`), urlencoded form,
 * multipart; anything else is `other` with no fields. An empty body is `empty` whatever it claims.
 *
 * @example
 * const body = await parseBody(request.raw, request.headers['content-type']);
 * if (body.kind === 'json') record(body.json);
 * @throws {BodyParseError} for JSON or multipart that does not parse
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedRequestBody> {
  const type = mediaType(contentType);
  if (raw.length === 0) return { kind: 'empty', ...NOTHING };
  if (isJson(type)) return { kind: 'json', json: parseJson(raw), ...NOTHING };
  if (type === 'application/x-www-form-urlencoded') {
    const fields = parseForm(raw);
    return { kind: 'form', fields, files: [], entries: fields };
  }
  if (type === 'multipart/form-data') return { kind: 'multipart', ...(await parseMultipart(raw, contentType ?? '')) };
  return { kind: 'other', ...NOTHING };
}
