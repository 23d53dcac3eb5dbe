import WebSocket from 'ws';

/**
 * Closes a cable socket with 1000 and resolves once it is closed — terminating it when it is still
 * connecting, or when the server has not answered the close within `forceAfterMs`.
 *
 * @example
 * await closeSocket(ws); // at stop()
 */
export async function closeSocket(ws: WebSocket, forceAfterMs = 2_000): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      ws.terminate();
      resolve();
    }, forceAfterMs);
    ws.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'shutdown');
  });
}

/** An error's message for a log line (errors from `ws` and the profile look-up are not always `Error`s). */
export function errorSummary(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
