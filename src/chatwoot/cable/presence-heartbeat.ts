/**
 * Sends `update_presence` now and every `intervalMs` until stopped. Chatwoot keeps an agent online
 * for 20 s after the last update (PRESENCE_DURATION), so the default 15 s leaves a margin; the 30 s
 * of Chatwoot's docs would show the bot offline a third of the time.
 */
export function startPresenceHeartbeat(send: () => void, intervalMs: number): () => void {
  send();
  const timer = setInterval(send, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
