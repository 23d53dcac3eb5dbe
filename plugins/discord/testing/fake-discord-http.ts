import type http from 'node:http';
import type { RecordedCall, RestAnswer } from './fake-discord-rest.ts';

/** A fault for the next matching REST calls. */
export interface RestFault {
  method?: string;
  path?: RegExp;
  status: number;
  /** Seconds, sent as `Retry-After` and `retry_after` (429). */
  retryAfter?: number;
  code?: number;
  times?: number;
}

/**
 * Records one request as a {@link RecordedCall}: the path without `/api/v10`, the query, and the
 * JSON body — or, for uploads, multipart `payload_json` plus `files[n]`.
 *
 * @example
 * const call = await recordCall(req);
 */
export async function recordCall(req: http.IncomingMessage): Promise<RecordedCall> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = new URL(req.url ?? '/', 'http://127.0.0.1');
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(target.pathname).replace(/^\/api(\/v\d+)?/, ''),
    query: Object.fromEntries(target.searchParams),
    ...(await parseBody(Buffer.concat(chunks), req.headers['content-type'])),
    auth: req.headers.authorization,
    hr: performance.now(),
  };
}

/**
 * Takes the first fault matching `call` off `faults` (counting down `times`) and answers it; a 429
 * carries `Retry-After` and `retry_after`.
 *
 * @example
 * const answer = takeFault(faults, call) ?? routeRest(call, deps);
 */
export function takeFault(faults: RestFault[], call: RecordedCall): RestAnswer | undefined {
  const fault = faults.find((f) => (!f.method || f.method === call.method) && (!f.path || f.path.test(call.path)));
  if (!fault) return undefined;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
  if (fault.status === 429) {
    const after = fault.retryAfter ?? 0.05;
    return { status: 429, headers: { 'retry-after': String(after) }, body: { message: 'You are being rate limited.', retry_after: after, global: false } };
  }
  return { status: fault.status, body: { message: `fake fault ${fault.status}`, code: fault.code ?? 0 } };
}

/** JSON, or multipart (`payload_json` + `files[n]`) as @discordjs/rest sends uploads. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: any; files: RecordedCall['files'] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedCall['files'] = [];
    let body: any = null;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ name: value.name, size: data.length, data });
      }
    }
    return { body, files };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [] };
  }
}
