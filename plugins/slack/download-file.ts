/** A Slack file larger than the cap: not downloaded (or dropped half-way). */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Downloads a file a Slack user shared (`url_private_download` / `url_private`) with the bot token
 * (files:read). Slack answers a request without a valid token with a redirect to its login page,
 * so redirects are not followed: any non-2xx is an error. Above `maxBytes` (declared or received)
 * it throws {@link FileTooLargeError}.
 *
 * @example
 * const bytes = await downloadSlackFile(file.url_private_download, { botToken, maxBytes: 20 * 1024 * 1024 });
 */
export async function downloadSlackFile(url: string, options: { botToken: string; maxBytes: number; signal?: AbortSignal }): Promise<Buffer> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${options.botToken}` }, redirect: 'manual', ...(options.signal ? { signal: options.signal } : {}) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  if (Number(response.headers.get('content-length') ?? NaN) > options.maxBytes) {
    await response.body?.cancel();
    throw new FileTooLargeError(options.maxBytes);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > options.maxBytes) throw new FileTooLargeError(options.maxBytes);
  return bytes;
}
