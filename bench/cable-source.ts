// Child process for the ingest benchmark: an embedded Chatwoot simulator on its own core that
// blasts a pre-serialised message.created frame to every subscribed socket on request.
import { readFileSync } from 'node:fs';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';

const sample = JSON.parse(readFileSync(new URL('./message-created.json', import.meta.url), 'utf8')) as { message: unknown };
const simulator = await createChatwootSimulator({ pingIntervalMs: 3_000 });

process.on('message', (request: { blast?: number; identifier?: string; close?: boolean }) => {
  if (request.close) {
    void simulator.close().then(() => process.exit(0));
    return;
  }
  if (!request.blast || !request.identifier) return;
  const frame = JSON.stringify({ identifier: request.identifier, message: sample.message });
  let sent = 0;
  // Chunks with a yield between them, so the socket buffer drains instead of growing without bound.
  const pump = () => {
    const end = Math.min(request.blast!, sent + 2_000);
    for (; sent < end; sent += 1) simulator.sendFrame(frame);
    if (sent < request.blast!) setImmediate(pump);
    else process.send?.({ sent });
  };
  pump();
});

process.send?.({ ready: true, url: simulator.url, cableUrl: simulator.cableUrl, agent: simulator.agent, accountId: simulator.accountId });
