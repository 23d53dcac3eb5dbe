import { PermanentError } from '../../src/index.ts';
import { escapeMrkdwn } from './to-mrkdwn.ts';
import type { SlackDeps } from './slack-deps.ts';
import { SlackRetryableError } from './slack-errors.ts';

/** A Chatwoot attachment to put into the thread. */
export interface UploadPayload {
  conversationId: number;
  channel: string;
  url: string;
  filename: string;
  /** Bytes, when Chatwoot said. */
  size?: number;
}

/**
 * Downloads a Chatwoot attachment and uploads it into the thread (files_upload_v2 flow); above
 * `maxFileBytes` it posts a link instead.
 */
export async function uploadFile(
  deps: SlackDeps,
  thread: { channel: string; ts: string },
  payload: UploadPayload,
  signal: AbortSignal,
  call: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<unknown> {
  const max = deps.settings.maxFileBytes;
  const link = () =>
    call(() =>
      deps.client.chat.postMessage({
        channel: thread.channel,
        thread_ts: thread.ts,
        text: `:paperclip: <${payload.url}|${escapeMrkdwn(payload.filename)}> (larger than ${Math.round(max / 1024 / 1024)} MB, not uploaded)`,
        unfurl_links: false,
      }),
    );
  if (payload.size !== undefined && payload.size > max) return link();
  let response: Response;
  try {
    response = await fetch(payload.url, { signal });
  } catch (error) {
    throw new SlackRetryableError(`attachment download failed: ${(error as Error).message}`);
  }
  if (!response.ok) {
    if (response.status >= 500 || response.status === 429) throw new SlackRetryableError(`attachment download: HTTP ${response.status}`);
    throw new PermanentError(`attachment download: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    return link();
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > max) return link();
  return call(() =>
    deps.client.filesUploadV2({ channel_id: thread.channel, thread_ts: thread.ts, file: bytes, filename: payload.filename, title: payload.filename } as never),
  );
}
