import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** One request as a fake received it, body read in full. */
export interface ReceivedRequest {
  /** Upper case. */
  method: string;
  url: URL;
  /** `url.pathname`, not decoded. */
  path: string;
  /** The query's last value per key. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The media type of `content-type`, lower case without parameters (`''` when absent). */
  contentType: string;
  raw: Buffer;
}

/**
 * The essence of a `content-type` header, lower case without parameters.
 *
 * @example
 * mediaType('multipart/form-data; boundary=x'); // 'multipart/form-data'
 */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads a request's body in full and takes its URL apart: what every fake does first.
 *
 * @example
 * http.createServer(async (req, res) => {
 *   const request = await readRequest(req);
 *   requests.push(request);
 * });
 */
export async function readRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    contentType: mediaType(req.headers['content-type']),
    raw: Buffer.concat(chunks),
  };
}
