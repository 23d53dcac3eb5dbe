// Child process for the ingest benchmark: an embedded Chatwoot simulator on its own core that
// blasts a pre-serialised message.created frame to every subscribed socket on request.
import { readFileSync } from 'node:fs';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';

const sample = JSON.parse(readFileSync(new URL('./message-created.json', import.meta.url), 'utf8')) as { message: unknown };
const simulator = await createChatwootSimulator({ pingIntervalMs: 3_000 });
let nextId = 1_000_000;

process.on('message', (request: { blast?: number; identifier?: string; close?: boolean }) => {
  if (request.close) {
    void simulator.close().then(() => process.exit(0));
    return;
  }
  if (!request.blast || !request.identifier) return;
  // Every frame a new message (the id varies), as in real traffic: identical frames would be
  // dropped as duplicates by Switchboard's intake.
  const template = JSON.stringify({ identifier: request.identifier, message: sample.message }).replace('"id":106', '"id":__ID__');
  const [head, tail] = template.split('__ID__') as [string, string];
  let sent = 0;
  // Chunks with a yield between them, so the socket buffer drains instead of growing without bound.
  const pump = () => {
    const end = Math.min(request.blast!, sent + 2_000);
    for (; sent < end; sent += 1) simulator.sendFrame(head + String((nextId += 1)) + tail);
    if (sent < request.blast!) setImmediate(pump);
    else process.send?.({ sent });
  };
  pump();
});

process.send?.({ ready: true, url: simulator.url, cableUrl: simulator.cableUrl, agent: simulator.agent, accountId: simulator.accountId });
