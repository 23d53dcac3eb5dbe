import type http from 'node:http';
import { parseMultipart, readRequest, type FaultRule, type FaultRules } from '../../../src/testing/index.ts';
import type { RecordedCall, RestAnswer } from './fake-discord-rest.ts';

/** A fault for the next matching REST calls. */
export interface RestFault extends FaultRule {
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
  const request = await readRequest(req);
  return {
    method: request.method,
    path: decodeURIComponent(request.path).replace(/^\/api(\/v\d+)?/, ''),
    query: request.query,
    ...(await parseBody(request.raw, request.contentType, req.headers['content-type'] ?? '')),
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
export function takeFault(faults: FaultRules<RestFault>, call: RecordedCall): RestAnswer | undefined {
  const fault = faults.take(call);
  if (!fault) return undefined;
  if (fault.status === 429) {
    const after = fault.retryAfter ?? 0.05;
    return { status: 429, headers: { 'retry-after': String(after) }, body: { message: 'You are being rate limited.', retry_after: after, global: false } };
  }
  return { status: fault.status, body: { message: `fake fault ${fault.status}`, code: fault.code ?? 0 } };
}

/** JSON, or multipart (`payload_json` + `files[n]`) as @discordjs/rest sends uploads. */
async function parseBody(raw: Buffer, type: string, contentType: string): Promise<{ body: any; files: RecordedCall['files'] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (type === 'multipart/form-data') {
    const form = await parseMultipart(raw, contentType);
    const payload = form.fields.find(([key]) => key === 'payload_json');
    return { body: payload ? JSON.parse(payload[1]) : null, files: form.files.map(({ filename, data }) => ({ name: filename, size: data.length, data })) };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [] };
  }
}
