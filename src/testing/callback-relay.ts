import { startFakeHttp } from '../fake-http/index.ts';

/** See {@link startCallbackRelay}. */
export interface CallbackRelay {
  /** The callback URL to give the API inbox (`webhook_url`). */
  url: string;
  /** Where the relay forwards: the bot's port, known once it listens. */
  forwardTo(port: number): void;
  /** The callback bodies the relay passed on, in order. */
  bodies(): unknown[];
  /** How many of them the bot accepted (2xx). */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * A local stand-in for the address Chatwoot calls back: an API inbox's signed callbacks go to
 * `relay.url` and are passed, headers and raw body untouched, to the bot's webhook route
 * (`/webhooks/chatwoot`) once its port is known — the inbox must exist (with its URL) before the bot
 * starts, the port only after.
 *
 * @example
 * const relay = await startCallbackRelay();
 * const inbox = await rest.createApiInbox({ name: 'Discord community', webhookUrl: relay.url });
 * const bot = await createTestBot({ webhookSecret: inbox.secret, … });
 * relay.forwardTo(port);
 */
export async function startCallbackRelay(): Promise<CallbackRelay> {
  const relay = await startFakeHttp();
  let port = 0;
  let accepted = 0;
  relay.on('POST', '/hook', async (request) => {
    const pass = ['content-type', 'x-chatwoot-signature', 'x-chatwoot-timestamp', 'x-chatwoot-delivery'];
    const headers = Object.fromEntries(pass.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name] as string]] : [])));
    const answer = await fetch(`http://127.0.0.1:${port}/webhooks/chatwoot`, { method: 'POST', headers, body: request.raw });
    if (answer.ok) accepted += 1;
    return { status: answer.status };
  });
  return {
    url: `${relay.url}/hook`,
    forwardTo: (botPort) => void (port = botPort),
    bodies: () => relay.requests.map((request) => request.json),
    accepted: () => accepted,
    close: () => relay.close(),
  };
}
