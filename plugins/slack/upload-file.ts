import { PermanentError } from '../../src/index.ts';
import { escapeMrkdwn } from './to-mrkdwn.ts';
import type { SlackSettings } from './settings.ts';
import type { SlackApi } from './slack-api.ts';
import { RetryableError } from '../../src/index.ts';

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
 * `maxFileBytes` it posts a link instead. `call` wraps each Slack call (error translation).
 *
 * @example
 * await uploadFile({ api, settings }, { channel: 'C1', ts: '1700.1' }, payload, signal, (run) => run().catch((e) => { throw toOutboxError(e); }));
 */
export async function uploadFile(
  deps: { api: SlackApi; settings: Pick<SlackSettings, 'maxFileBytes'> },
  thread: { channel: string; ts: string },
  payload: UploadPayload,
  signal: AbortSignal,
  call: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<unknown> {
  const max = deps.settings.maxFileBytes;
  const link = () =>
    call(() =>
      deps.api.postMessage({
        channel: thread.channel,
        threadTs: thread.ts,
        message: { text: `:paperclip: <${payload.url}|${escapeMrkdwn(payload.filename)}> (larger than ${Math.round(max / 1024 / 1024)} MB, not uploaded)` },
      }),
    );
  if (payload.size !== undefined && payload.size > max) return link();
  let response: Response;
  try {
    response = await fetch(payload.url, { signal });
  } catch (error) {
    throw new RetryableError(`attachment download failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    if (response.status >= 500 || response.status === 429) throw new RetryableError(`attachment download: HTTP ${response.status}`);
    throw new PermanentError(`attachment download: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    return link();
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > max) return link();
  return call(() => deps.api.uploadFile({ channel: thread.channel, threadTs: thread.ts, file: bytes, filename: payload.filename }));
}
