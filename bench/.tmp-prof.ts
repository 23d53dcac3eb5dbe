import { readFileSync } from 'node:fs';
import { buildEvent } from '/work/main/src/chatwoot/build-event.ts';
import { createBus } from '/work/main/src/core/bus/create-bus.ts';
import { createLogger } from '/work/main/src/core/logger.ts';
const seed = JSON.parse(readFileSync('/work/main/bench/message-created.json','utf8')).message.data;
const evs = Array.from({length: 1000}, (_, i) => buildEvent('message.created', {...seed, id: i, conversation_id: i%100+1}, {source:'cable', receivedAt: 0}));
const P = Number(process.argv[2] ?? 20);
for (let r = 0; r < 5; r++) {
  const bus = createBus({ log: createLogger({level:'silent'}) });
  let c = 0;
  for (let p = 0; p < P; p++) bus.subscribe('p'+p, 'message.created', async () => { c++ });
  const t = process.hrtime.bigint();
  for (let i = 0; i < 200000; i++) if (!bus.publish(evs[i % 1000]!)) await bus.drained();
  await bus.idle();
  const ns = Number(process.hrtime.bigint() - t);
  console.log(P, 'ns/delivery', (ns / (200000*P)).toFixed(1));
}
